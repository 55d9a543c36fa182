package vn.friendlygov.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HolidayCalendarTest {

    private final HolidayCalendar calendar = new HolidayCalendar(new LunarCalendar());
    private final HolidayCalendar noSchedule = new HolidayCalendar(new LunarCalendar(), Map.of());

    private static LocalDate d(String iso) {
        return LocalDate.parse(iso);
    }

    @Test
    void apiExample() {
        // API.md: 30/4 and 1/5/2026 are Thursday and Friday.
        assertEquals(d("2026-05-05"), calendar.addWorkingDays(d("2026-04-28"), 3));
        assertEquals(d("2026-04-28"), calendar.addWorkingDays(d("2026-04-28"), 0));
    }

    /** The 2026 schedule, day by day (reference notes §3b). */
    @ParameterizedTest
    @CsvSource({
            "2025-12-31, true",
            "2026-01-01, false", "2026-01-02, false", "2026-01-03, false", "2026-01-04, false",
            "2026-01-05, true",
            "2026-01-10, true",   // make-up Saturday
            "2026-01-17, false",  // an ordinary Saturday
            "2026-02-13, true",   // Friday before Tết
            "2026-02-14, false", "2026-02-16, false", "2026-02-17, false", "2026-02-20, false", "2026-02-22, false",
            "2026-02-23, true",
            "2026-04-24, true",
            "2026-04-26, false",  // Giỗ Tổ on a Sunday
            "2026-04-27, false",  // its day in lieu
            "2026-04-28, true", "2026-04-29, true",
            "2026-04-30, false", "2026-05-01, false",
            "2026-05-04, true",
            "2026-08-21, true",
            "2026-08-22, true",   // make-up Saturday
            "2026-08-28, true",
            "2026-08-29, false", "2026-08-31, false", "2026-09-01, false", "2026-09-02, false",
            "2026-09-03, true",
            "2026-11-23, true",   // proposed as a bridge day, not adopted
            "2026-11-24, false",  // Ngày Văn hóa Việt Nam (Nghị quyết 28/2026/QH16), first year
            "2026-11-25, true",
    })
    void schedule2026(LocalDate date, boolean working) {
        assertEquals(working, calendar.isWorkingDay(date), date.toString());
    }

    @Test
    void namesOfDaysOff() {
        assertEquals(Optional.of("Nghỉ bù Giỗ Tổ Hùng Vương"), calendar.holidayName(d("2026-04-27")));
        assertEquals(Optional.of("Tết Nguyên đán Bính Ngọ"), calendar.holidayName(d("2026-02-17")));
        assertEquals(Optional.of("Quốc khánh"), calendar.holidayName(d("2026-08-31")));
        assertEquals(Optional.empty(), calendar.holidayName(d("2026-01-17")));
        assertEquals(Optional.of("Ngày Văn hóa Việt Nam"), calendar.holidayName(d("2026-11-24")));
        assertEquals(4 + 9 + 2 + 2 + 5 + 1, calendar.daysOff(2026).size());
    }

    @Test
    void workingDaysAcrossTet2026() {
        assertEquals(d("2026-02-23"), calendar.nextWorkingDay(d("2026-02-13")));
        // Thu 12/2 + 3: Fri 13/2, then nothing until Mon 23/2, Tue 24/2.
        assertEquals(d("2026-02-24"), calendar.addWorkingDays(d("2026-02-12"), 3));
        // The make-up Saturdays count: Thu 20/8 + 2 = Sat 22/8; Thu 8/1 + 2 = Sat 10/1.
        assertEquals(d("2026-08-22"), calendar.addWorkingDays(d("2026-08-20"), 2));
        assertEquals(d("2026-09-04"), calendar.addWorkingDays(d("2026-08-27"), 3));
        assertEquals(d("2026-01-10"), calendar.addWorkingDays(d("2026-01-08"), 2));
        assertEquals(d("2026-01-12"), calendar.addWorkingDays(d("2026-01-08"), 3));
        assertThrows(IllegalArgumentException.class, () -> calendar.addWorkingDays(d("2026-01-08"), -1));
    }

    @Test
    void defaultRulesWithoutASchedule() {
        // Tết Đinh Mùi: Sat 6/2/2027. Default: 29 or 30 tháng Chạp plus mùng 1–4 = Fri 5/2 – Tue 9/2,
        // with Sat 6/2 and Sun 7/2 each earning a day in lieu: Wed 10/2 and Thu 11/2.
        assertEquals(d("2027-02-06"), new LunarCalendar().toSolar(1, 1, 2027, false));
        for (String off : new String[]{"2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11"}) {
            assertFalse(noSchedule.isWorkingDay(d(off)), off);
        }
        assertEquals(Optional.of("Nghỉ bù Tết Nguyên đán"), noSchedule.holidayName(d("2027-02-11")));
        assertTrue(noSchedule.isWorkingDay(d("2027-02-12")));
        // 2027: 1/9 Wed and 2/9 Thu; 1/5 is a Saturday → Mon 3/5 off.
        assertFalse(noSchedule.isWorkingDay(d("2027-09-01")));
        assertFalse(noSchedule.isWorkingDay(d("2027-09-02")));
        assertFalse(noSchedule.isWorkingDay(d("2027-05-03")));
        // 2026 without its schedule: 2/1, 10/1 and the Tết bridge days are plain days again.
        assertTrue(noSchedule.isWorkingDay(d("2026-01-02")));
        assertFalse(noSchedule.isWorkingDay(d("2026-01-10")));
        // Default Tết 2026: Mon 16/2 (29 tháng Chạp) – Fri 20/2 (mùng 4); no 9-day block.
        assertFalse(noSchedule.isWorkingDay(d("2026-02-16")));
        assertFalse(noSchedule.isWorkingDay(d("2026-02-20")));
        assertTrue(noSchedule.isWorkingDay(d("2026-02-13")));
        assertTrue(noSchedule.isWorkingDay(d("2026-02-23")));
        assertFalse(noSchedule.isWorkingDay(d("2026-04-27")));
    }

    @Test
    void scheduleFileIsValidated() {
        assertThrows(IllegalStateException.class, () -> parse("""
                years:
                  2027:
                    daysOff:
                      - {from: 2026-12-31, to: 2027-01-01, name: "Tết Dương lịch"}
                """));
        assertThrows(IllegalStateException.class, () -> parse("""
                years:
                  2027:
                    makeUpWorkingDays: [2027-01-06]
                """));
        var parsed = parse("""
                years:
                  2027:
                    daysOff:
                      - {from: "2027-11-24", name: "Ngày Văn hóa Việt Nam"}
                """);
        HolidayCalendar withCultureDay = new HolidayCalendar(new LunarCalendar(), parsed);
        assertFalse(withCultureDay.isWorkingDay(d("2027-11-24")));
        assertEquals(Optional.of("Ngày Văn hóa Việt Nam"), withCultureDay.holidayName(d("2027-11-24")));
    }

    private static Map<Integer, HolidayCalendar.YearSchedule> parse(String yaml) {
        return HolidayCalendar.parseSchedule(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
