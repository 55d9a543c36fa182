package vn.friendlygov.calendar;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OfficeHoursTest {

    private final OfficeHours hours = OfficeHours.standard(new HolidayCalendar(new LunarCalendar()));

    /** A Vietnamese local time, e.g. "2026-03-10T16:00". */
    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(OfficeHours.ZONE);
    }

    @Test
    void afterTheCutOffCountsFromTheNextWorkingDay() {
        assertEquals(LocalDate.parse("2026-03-10"), hours.countingStart(at("2026-03-10T14:59")));
        assertEquals(LocalDate.parse("2026-03-11"), hours.countingStart(at("2026-03-10T16:00")));
        assertEquals(LocalDate.parse("2026-03-10"), hours.withCutOff(LocalTime.of(17, 0)).countingStart(at("2026-03-10T16:00")));
        // Received on a Saturday or a holiday.
        assertEquals(LocalDate.parse("2026-03-16"), hours.countingStart(at("2026-03-14T09:00")));
        assertEquals(LocalDate.parse("2026-04-28"), hours.countingStart(at("2026-04-27T09:00")));
        // The make-up Saturday is a working day.
        assertEquals(LocalDate.parse("2026-01-10"), hours.countingStart(at("2026-01-10T09:00")));
        // An instant given in another zone is read in Vietnamese time: 09:30 UTC is 16:30 in Hà Nội.
        assertEquals(LocalDate.parse("2026-03-11"), hours.countingStart(ZonedDateTime.parse("2026-03-10T09:30Z")));
    }

    @Test
    void fridayEveningBeforeTet2026() {
        ZonedDateTime received = at("2026-02-13T18:00");
        assertEquals(LocalDate.parse("2026-02-23"), hours.countingStart(received));
        assertEquals(at("2026-02-26T17:00"), hours.dueAt(received, 3, DeadlineUnit.WORKING_DAYS));
        // Nothing until Monday 23/2 07:30; an office day holds 7.5 h (4 h + 3.5 h).
        assertEquals(at("2026-02-23T16:30"), hours.dueAt(received, 7, DeadlineUnit.WORKING_HOURS));
        assertEquals(at("2026-02-24T08:00"), hours.dueAt(received, 8, DeadlineUnit.WORKING_HOURS));
    }

    @Test
    void workingDays() {
        // Before the cut-off the day of receipt is the start, and is not counted itself.
        assertEquals(at("2026-04-29T17:00"), hours.dueAt(at("2026-04-28T10:00"), 1, DeadlineUnit.WORKING_DAYS));
        assertEquals(at("2026-05-05T17:00"), hours.dueAt(at("2026-04-28T10:00"), 3, DeadlineUnit.WORKING_DAYS));
        assertEquals(at("2026-05-06T17:00"), hours.dueAt(at("2026-04-28T15:30"), 3, DeadlineUnit.WORKING_DAYS));
        // Same-day procedures.
        assertEquals(at("2026-04-28T17:00"), hours.dueAt(at("2026-04-28T10:00"), 0, DeadlineUnit.WORKING_DAYS));
    }

    @Test
    void calendarDays() {
        // 30 days from Mon 10/8/2026: 9/9 is a Wednesday.
        assertEquals(at("2026-09-09T17:00"), hours.dueAt(at("2026-08-10T09:00"), 30, DeadlineUnit.DAYS));
        // Last day Sat 29/8 lies in the Quốc khánh block: moves to Thu 3/9.
        assertEquals(at("2026-09-03T17:00"), hours.dueAt(at("2026-07-30T09:00"), 30, DeadlineUnit.DAYS));
        // Received after hours: calendar days ignore the cut-off.
        assertEquals(at("2026-03-20T17:00"), hours.dueAt(at("2026-03-10T20:00"), 10, DeadlineUnit.DAYS));
    }

    @Test
    void workingHoursAcrossLunchAndNights() {
        assertEquals(at("2026-03-10T14:30"), hours.addWorkingHours(at("2026-03-10T10:30"), Duration.ofHours(2)));
        // Exactly to the end of the morning stays 11:30 rather than jumping to 13:30.
        assertEquals(at("2026-03-10T11:30"), hours.addWorkingHours(at("2026-03-10T09:30"), Duration.ofHours(2)));
        // Received during lunch: the clock starts at 13:30.
        assertEquals(at("2026-03-10T14:30"), hours.addWorkingHours(at("2026-03-10T12:15"), Duration.ofHours(1)));
        // Received before opening.
        assertEquals(at("2026-03-10T08:30"), hours.addWorkingHours(at("2026-03-10T06:00"), Duration.ofHours(1)));
        // Friday 16:00 + 4 h: 1 h on Friday, 3 h on Monday morning.
        assertEquals(at("2026-03-16T10:30"), hours.addWorkingHours(at("2026-03-13T16:00"), Duration.ofHours(4)));
        // Wednesday 29/4 16:00 + 8 h: 1 h, then 30/4–3/5 off, 4 h + 3 h on Monday 4/5.
        assertEquals(at("2026-05-04T16:30"), hours.dueAt(at("2026-04-29T16:00"), 8, DeadlineUnit.WORKING_HOURS));
        assertEquals(at("2026-03-10T10:30"), hours.addWorkingHours(at("2026-03-10T10:30"), Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> hours.addWorkingHours(at("2026-03-10T10:30"), Duration.ofHours(-1)));
    }
}
