package vn.friendlygov.calendar;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.LunarCalendar.LunarDate;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Public calendar facts (API.md, "Officials' API"): the lunar date and working-day arithmetic. */
@Controller("/api/v1/calendar")
@Secured(SecurityRule.IS_ANONYMOUS)
public class CalendarController {

    static final int MIN_YEAR = 1900;
    static final int MAX_YEAR = 2100;
    static final int MAX_DAYS = 3650;

    @Serdeable
    public record LunarResponse(String date, int lunarDay, int lunarMonth, int lunarYear, boolean leapMonth, String yearName) {
    }

    /** {@code provisional}: true when the count crossed a year whose official schedule is not loaded; absent otherwise. */
    @Serdeable
    public record WorkingDaysResponse(String from, int days, String due, @Nullable Boolean provisional) {
    }

    private final LunarCalendar lunar;
    private final HolidayCalendar holidays;

    public CalendarController(LunarCalendar lunar, HolidayCalendar holidays) {
        this.lunar = lunar;
        this.holidays = holidays;
    }

    @Get("/lunar")
    public LunarResponse lunar(@Nullable @QueryValue String date) {
        LocalDate solar = parseDate("date", date);
        LunarDate l = lunar.toLunar(solar);
        return new LunarResponse(solar.toString(), l.day(), l.month(), l.year(), l.leapMonth(), LunarCalendar.yearName(l.year()));
    }

    @Get("/working-days")
    public WorkingDaysResponse workingDays(@Nullable @QueryValue String from, @Nullable @QueryValue String days) {
        LocalDate start = parseDate("from", from);
        int count = parseDays(days);
        LocalDate due = holidays.addWorkingDays(start, count);
        return new WorkingDaysResponse(start.toString(), count, due.toString(), holidays.isProvisional(start, due) ? Boolean.TRUE : null);
    }

    // Parameters are taken as strings so that every mistake gets a Vietnamese message.

    private static LocalDate parseDate(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Thiếu tham số " + name + " (ngày dương lịch dạng YYYY-MM-DD, ví dụ 2026-02-17).");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Tham số " + name + " không phải ngày hợp lệ; cần dạng YYYY-MM-DD, ví dụ 2026-02-17.");
        }
        if (date.getYear() < MIN_YEAR || date.getYear() > MAX_YEAR) {
            throw ApiException.badRequest("Chỉ hỗ trợ ngày từ năm " + MIN_YEAR + " đến năm " + MAX_YEAR + ".");
        }
        return date;
    }

    private static int parseDays(@Nullable String value) {
        if (value == null || value.isBlank()) {
            throw ApiException.badRequest("Thiếu tham số days (số ngày làm việc, từ 0 đến " + MAX_DAYS + ").");
        }
        try {
            int days = Integer.parseInt(value.trim());
            if (days >= 0 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // same message as out of range
        }
        throw ApiException.badRequest("Tham số days phải là số nguyên từ 0 đến " + MAX_DAYS + ".");
    }
}
