package vn.friendlygov.admin;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;

import java.sql.Date;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The on-duty roster of a unit, two weeks at a time: who is on duty each day (table duty_roster),
 * beside the day's standing in the official calendar (working day, weekend, holiday, make-up day).
 * Routing ({@code ticket/Routing}) and the handoff to an official prefer today's rostered officials.
 * A LEADER edits their own unit's roster; every change is audited with the days before and after.
 */
@Singleton
public class DutyRosterAdmin {
    /** Days shown and saved at once. */
    public static final int DAYS = 14;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final String[] WEEKDAYS = {"Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"};

    /** One day: {@code kind} is working, weekend, holiday or makeup; {@code note} says why (the holiday's name). */
    public record Day(LocalDate date, String label, String kind, String note, Set<String> onDuty) {
        public boolean working() {
            return "working".equals(kind) || "makeup".equals(kind);
        }
    }

    private final JdbcOperations jdbc;
    private final OfficialRepository officials;
    private final HolidayCalendar calendar;
    private final AuditLog audit;
    private final Clock clock;

    public DutyRosterAdmin(JdbcOperations jdbc, OfficialRepository officials, HolidayCalendar calendar, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.officials = officials;
        this.calendar = calendar;
        this.audit = audit;
        this.clock = clock;
    }

    /** The Monday of this week in Hà Nội: where the roster opens. */
    public LocalDate thisWeek() {
        return LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    /** A period the roster may show and change: from a month back to a year ahead. */
    public LocalDate checkedStart(LocalDate from) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE);
        if (from.isBefore(today.minusDays(31)) || from.isAfter(today.plusDays(366))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed",
                    "Lịch trực chỉ xem và sửa từ một tháng trước đến một năm tới.");
        }
        return from;
    }

    @Transactional(readOnly = true)
    public List<Day> days(Unit unit, LocalDate from) {
        Map<LocalDate, Set<String>> stored = stored(unit, from);
        List<Day> out = new ArrayList<>(DAYS);
        for (int i = 0; i < DAYS; i++) {
            LocalDate d = from.plusDays(i);
            String label = WEEKDAYS[d.getDayOfWeek().getValue() - 1] + " " + d.format(DAY);
            String holiday = calendar.holidayName(d).orElse(null);
            String kind;
            String note;
            if (holiday != null) {
                kind = "holiday";
                note = "Nghỉ: " + holiday;
            } else if (HolidayCalendar.isWeekend(d) && calendar.isWorkingDay(d)) {
                kind = "makeup";
                note = "Ngày làm bù";
            } else if (HolidayCalendar.isWeekend(d)) {
                kind = "weekend";
                note = "Nghỉ cuối tuần";
            } else {
                kind = "working";
                note = "Ngày làm việc";
            }
            out.add(new Day(d, label, kind, note, stored.getOrDefault(d, Set.of())));
        }
        return out;
    }

    /**
     * Replaces the two weeks from {@code from} with {@code onDuty} (username sets by day; a day absent:
     * nobody). Every username must be an active official of the unit, or nothing is written.
     */
    @Transactional
    public void save(Official me, Unit unit, LocalDate from, Map<LocalDate, Set<String>> onDuty) {
        checkedStart(from);
        Map<String, Long> staff = officials.findByUnitIdAndActive(unit.id(), true).stream()
                .collect(Collectors.toMap(Official::username, Official::id));
        for (Map.Entry<LocalDate, Set<String>> e : onDuty.entrySet()) {
            if (e.getKey().isBefore(from) || !e.getKey().isBefore(from.plusDays(DAYS))) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed", "Ngày " + e.getKey().format(DAY)
                        + " không thuộc hai tuần đang sửa.");
            }
            for (String u : e.getValue()) {
                if (!staff.containsKey(u)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed",
                            "Không có cán bộ '" + u + "' đang làm việc ở đơn vị này.");
                }
            }
        }
        Map<LocalDate, Set<String>> before = stored(unit, from);
        Map<String, Object> was = new LinkedHashMap<>();
        Map<String, Object> now = new LinkedHashMap<>();
        for (int i = 0; i < DAYS; i++) {
            LocalDate d = from.plusDays(i);
            Set<String> old = before.getOrDefault(d, Set.of());
            Set<String> next = new TreeSet<>(onDuty.getOrDefault(d, Set.of()));
            if (old.equals(next)) {
                continue;
            }
            was.put(d.toString(), List.copyOf(old));
            now.put(d.toString(), List.copyOf(next));
            jdbc.prepareStatement("DELETE FROM duty_roster WHERE unit_id = ? AND on_date = ?", ps -> {
                ps.setLong(1, unit.id());
                ps.setDate(2, Date.valueOf(d));
                return ps.executeUpdate();
            });
            for (String u : next) {
                jdbc.prepareStatement("INSERT INTO duty_roster (unit_id, official_id, on_date) VALUES (?, ?, ?)", ps -> {
                    ps.setLong(1, unit.id());
                    ps.setLong(2, staff.get(u));
                    ps.setDate(3, Date.valueOf(d));
                    return ps.executeUpdate();
                });
            }
        }
        if (!now.isEmpty()) {
            audit.record(me.username(), unit.id(), "roster.update", unit.code() + "@" + from, audit.json(was), audit.json(now));
        }
    }

    private Map<LocalDate, Set<String>> stored(Unit unit, LocalDate from) {
        return jdbc.prepareStatement("SELECT r.on_date, o.username FROM duty_roster r JOIN official o ON o.id = r.official_id "
                + "WHERE r.unit_id = ? AND r.on_date >= ? AND r.on_date < ? ORDER BY r.on_date, o.username", ps -> {
            ps.setLong(1, unit.id());
            ps.setDate(2, Date.valueOf(from));
            ps.setDate(3, Date.valueOf(from.plusDays(DAYS)));
            Map<LocalDate, Set<String>> m = new TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    m.computeIfAbsent(rs.getDate(1).toLocalDate(), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
            return m;
        });
    }
}
