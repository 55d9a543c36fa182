package vn.friendlygov.calendar;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2027 schedule (Công văn 10065/VPCP-KGVX; reference/holidays-2027.md), Ngày Văn hóa Việt Nam from
 * 2026, deadlines in a year without a loaded schedule, and the October warning when next year is missing.
 */
class WorkingDaySchedule2027Test {

    private final HolidayCalendar calendar = new HolidayCalendar(new LunarCalendar());

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    /** The 2027 table of reference/holidays-2027.md, day by day. */
    @ParameterizedTest
    @CsvSource({
            "2027-01-01, false", "2027-01-04, true",
            "2027-02-03, true",
            "2027-02-04, false", "2027-02-05, false", "2027-02-08, false", "2027-02-09, false", "2027-02-10, false",
            "2027-02-11, true",   // back to work Thursday mùng 6 (the default rules would keep it off)
            "2027-04-15, true", "2027-04-16, false",  // Giỗ Tổ 10/3 Đinh Mùi
            "2027-04-30, false", "2027-05-03, false",  // 1/5 on a Saturday → Monday 3/5
            "2027-05-04, true",
            "2027-09-01, true",   // the adjacent Quốc khánh day is 3/9 in 2027, not 1/9
            "2027-09-02, false", "2027-09-03, false", "2027-09-06, true",
            "2027-11-23, true", "2027-11-24, false", "2027-11-25, true",
    })
    void schedule2027(LocalDate date, boolean working) {
        assertEquals(working, calendar.isWorkingDay(date), date.toString());
    }

    @Test
    void twelveWeekdaysOffIn2027() {
        long weekdaysOff = calendar.daysOff(2027).keySet().stream()
                .filter(x -> x.getDayOfWeek().getValue() <= 5).count();
        assertEquals(12, weekdaysOff, calendar.daysOff(2027).toString());
    }

    @Test
    void cultureDayOn24NovemberFrom2026Only() {
        assertFalse(calendar.isWorkingDay(d("2026-11-24")));
        assertTrue(calendar.isWorkingDay(d("2025-11-24")), "a Monday before Nghị quyết 28/2026/QH16");
        // No day in lieu is assumed when it falls on a weekend (it is not in Điều 112): Sat 24/11/2029.
        assertTrue(calendar.isWorkingDay(d("2029-11-26")));
    }

    @Test
    void deadlinesInAYearWithoutASchedule() {
        assertTrue(calendar.isScheduleLoaded(2026) && calendar.isScheduleLoaded(2027));
        assertFalse(calendar.isScheduleLoaded(2028));
        assertFalse(calendar.isProvisional(d("2027-12-20"), d("2027-12-28")));
        assertTrue(calendar.isProvisional(d("2027-12-28"), d("2028-01-04")));
        assertTrue(calendar.isProvisional(d("2028-03-01"), d("2028-03-03")));
    }

    private static Clock at(String iso) {
        return Clock.fixed(OffsetDateTime.parse(iso).toInstant(), ZoneOffset.UTC);
    }

    @Test
    void fromOctoberAMissingScheduleForNextYearIsLoggedAsAWarning() {
        Logger logger = (Logger) LoggerFactory.getLogger(ScheduleWatch.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            // 2027 is loaded, 2028 is not.
            assertEquals(Optional.empty(), new ScheduleWatch(calendar, at("2027-09-30T23:00:00+07:00")).check());
            assertEquals(Optional.empty(), new ScheduleWatch(calendar, at("2026-10-05T09:00:00+07:00")).check());
            assertTrue(appender.list.isEmpty(), appender.list.toString());
            // 1 October in Hà Nội is still 30 September in UTC.
            Optional<String> warning = new ScheduleWatch(calendar, at("2027-10-01T01:00:00+07:00")).check();
            assertTrue(warning.isPresent());
            List<ILoggingEvent> events = List.copyOf(appender.list);
            assertEquals(1, events.size());
            assertEquals("WARN", events.get(0).getLevel().toString());
            assertTrue(events.get(0).getFormattedMessage().contains("2028") && events.get(0).getFormattedMessage().contains("provisional"),
                    events.get(0).getFormattedMessage());
            // Without any schedule, the warning names next year.
            HolidayCalendar none = new HolidayCalendar(new LunarCalendar(), Map.of());
            assertTrue(new ScheduleWatch(none, at("2026-12-02T09:00:00+07:00")).check().orElseThrow().contains("2027"));
        } finally {
            logger.detachAppender(appender);
        }
    }
}
