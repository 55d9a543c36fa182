package vn.friendlygov.admin;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.db.AfterCommit;
import vn.friendlygov.security.Official;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The government's yearly holiday schedule entered in the console (table {@code holiday_schedule_day}):
 * days off and the weekend days worked in exchange, each with the document that announced them. Merged
 * into {@link HolidayCalendar} at start-up, at once after a change on this instance, and every five
 * minutes on the others. Deployment-wide: administrators of every unit change it; every change audited.
 */
@Singleton
public class HolidayScheduleService {
    public static final String OFF = "OFF";
    public static final String WORK = "WORK";
    static final int MAX_DAYS = 31;

    /** One entered day. */
    public record Day(long id, LocalDate date, String kind, String name, String document, String createdBy) {
    }

    private final JdbcOperations jdbc;
    private final HolidayCalendar calendar;
    private final AuditLog audit;
    private final AfterCommit afterCommit;
    private final Clock clock;

    public HolidayScheduleService(JdbcOperations jdbc, HolidayCalendar calendar, AuditLog audit, AfterCommit afterCommit, Clock clock) {
        this.jdbc = jdbc;
        this.calendar = calendar;
        this.audit = audit;
        this.afterCommit = afterCommit;
        this.clock = clock;
    }

    @EventListener
    @Transactional(readOnly = true)
    void onStartup(StartupEvent event) {
        reload();
    }

    @Scheduled(fixedDelay = "5m", initialDelay = "5m")
    @Transactional(readOnly = true)
    void refresh() {
        reload();
    }

    /** Merges every entered day into the calendar. */
    @Transactional(readOnly = true)
    public void reload() {
        Map<Integer, Map<LocalDate, String>> off = new HashMap<>();
        Map<Integer, Set<LocalDate>> work = new HashMap<>();
        for (Day d : days(null)) {
            int y = d.date().getYear();
            off.computeIfAbsent(y, k -> new HashMap<>());
            work.computeIfAbsent(y, k -> new HashSet<>());
            if (OFF.equals(d.kind())) {
                off.get(y).put(d.date(), d.name());
            } else {
                work.get(y).add(d.date());
            }
        }
        Map<Integer, HolidayCalendar.YearSchedule> years = new HashMap<>();
        off.forEach((y, days) -> years.put(y, new HolidayCalendar.YearSchedule(Map.copyOf(days), Set.copyOf(work.get(y)))));
        calendar.merge(years);
    }

    /** The entered days, of one year or all, in date order. */
    @Transactional(readOnly = true)
    public List<Day> days(@Nullable Integer year) {
        String where = year == null ? "" : " WHERE schedule_year = ?";
        return jdbc.prepareStatement("SELECT id, on_date, kind, name, document, created_by FROM holiday_schedule_day" + where
                + " ORDER BY on_date", ps -> {
            if (year != null) {
                ps.setInt(1, year);
            }
            List<Day> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Day(rs.getLong(1), rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        });
    }

    /**
     * Adds the days {@code from}..{@code to} (one day when {@code to} is empty) as days off, or weekend
     * days as make-up working days, announced by {@code document}. This year or a later one only.
     */
    @Transactional
    public List<Day> add(Official me, @Nullable String fromText, @Nullable String toText, @Nullable String kind,
                         @Nullable String nameText, @Nullable String documentText) {
        AdminScope.requireAllUnits(me);
        LocalDate from = date("Từ ngày", fromText);
        LocalDate to = toText == null || toText.isBlank() ? from : date("Đến ngày", toText);
        if (!OFF.equals(kind) && !WORK.equals(kind)) {
            throw Body.invalid("Chọn loại ngày: ngày nghỉ hoặc ngày làm bù.");
        }
        if (to.isBefore(from) || to.getYear() != from.getYear() || from.plusDays(MAX_DAYS).isBefore(to.plusDays(1))) {
            throw Body.invalid("Khoảng ngày phải trong cùng một năm, ngày kết thúc không trước ngày bắt đầu, tối đa " + MAX_DAYS + " ngày.");
        }
        int thisYear = LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE).getYear();
        if (from.getYear() < thisYear) {
            throw Body.invalid("Chỉ thêm lịch của năm nay hoặc các năm sau.");
        }
        String name = clean(nameText);
        String document = clean(documentText);
        if (document == null || document.length() > 200) {
            throw Body.invalid("Ghi số văn bản công bố lịch nghỉ (ví dụ: Công văn 10065/VPCP-KGVX), tối đa 200 ký tự.");
        }
        if (OFF.equals(kind) && (name == null || name.length() > 200)) {
            throw Body.invalid("Ghi tên ngày nghỉ (ví dụ: Tết Nguyên đán Mậu Thân), tối đa 200 ký tự.");
        }
        if (WORK.equals(kind)) {
            name = "Làm bù";
        }
        List<Day> added = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            if (WORK.equals(kind) && (!HolidayCalendar.isWeekend(d) || calendar.holidayName(d).isPresent())) {
                throw Body.invalid("Ngày làm bù " + shown(d) + " phải là thứ Bảy hoặc Chủ nhật không phải ngày nghỉ.");
            }
            if (OFF.equals(kind) && calendar.makeUpWorkingDays(d.getYear()).contains(d)) {
                throw Body.invalid("Ngày " + shown(d) + " đang là ngày làm bù; xoá ngày làm bù trước.");
            }
            LocalDate day = d;
            String n = name;
            int inserted = jdbc.prepareStatement("INSERT INTO holiday_schedule_day (schedule_year, on_date, kind, name, document, "
                    + "created_by, created_at) SELECT ?, ?, ?, ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS "
                    + "(SELECT 1 FROM holiday_schedule_day WHERE on_date = ?)", ps -> {
                ps.setInt(1, day.getYear());
                ps.setDate(2, Date.valueOf(day));
                ps.setString(3, kind);
                ps.setString(4, n);
                ps.setString(5, document);
                ps.setString(6, me.username());
                ps.setTimestamp(7, Timestamp.from(clock.instant()));
                ps.setDate(8, Date.valueOf(day));
                return ps.executeUpdate();
            });
            if (inserted == 0) {
                throw new ApiException(HttpStatus.CONFLICT, "day_exists", "Ngày " + shown(day) + " đã có trong lịch; xoá mục cũ trước khi nhập lại.");
            }
        }
        for (Day d : days(from.getYear())) {
            if (!d.date().isBefore(from) && !d.date().isAfter(to)) {
                added.add(d);
            }
        }
        audit.record(me.username(), null, "holiday.add", from.getYear() + "", null, audit.json("from", from.toString(), "to", to.toString(),
                "kind", kind, "name", name, "document", document));
        afterCommit.run(this::reload);
        return added;
    }

    @Transactional
    public void delete(Official me, long id) {
        AdminScope.requireAllUnits(me);
        Day d = days(null).stream().filter(x -> x.id() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound("Không có mục lịch nghỉ số " + id + "."));
        jdbc.prepareStatement("DELETE FROM holiday_schedule_day WHERE id = ?", ps -> {
            ps.setLong(1, id);
            return ps.executeUpdate();
        });
        audit.record(me.username(), null, "holiday.delete", d.date().getYear() + "", audit.json("date", d.date().toString(),
                "kind", d.kind(), "name", d.name(), "document", d.document()), null);
        afterCommit.run(this::reload);
    }

    private static LocalDate date(String label, @Nullable String text) {
        try {
            return LocalDate.parse(text == null ? "" : text.strip());
        } catch (DateTimeParseException e) {
            throw Body.invalid(label + ": cần một ngày dạng YYYY-MM-DD (ví dụ 2028-01-25).");
        }
    }

    private static @Nullable String clean(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static String shown(LocalDate d) {
        return String.format("%02d/%02d/%d", d.getDayOfMonth(), d.getMonthValue(), d.getYear());
    }
}
