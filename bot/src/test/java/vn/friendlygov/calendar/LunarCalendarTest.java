package vn.friendlygov.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.friendlygov.calendar.LunarCalendar.LunarDate;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LunarCalendarTest {

    private final LunarCalendar vn = new LunarCalendar();
    private final LunarCalendar cn = new LunarCalendar(8);

    /** Reference notes §3c: Tết and Giỗ Tổ in Vietnam, 2020–2035. */
    @ParameterizedTest
    @CsvSource({
            "2020, Canh Tý,   2020-01-25, 2020-04-02",
            "2021, Tân Sửu,   2021-02-12, 2021-04-21",
            "2022, Nhâm Dần,  2022-02-01, 2022-04-10",
            "2023, Quý Mão,   2023-01-22, 2023-04-29",
            "2024, Giáp Thìn, 2024-02-10, 2024-04-18",
            "2025, Ất Tỵ,     2025-01-29, 2025-04-07",
            "2026, Bính Ngọ,  2026-02-17, 2026-04-26",
            "2027, Đinh Mùi,  2027-02-06, 2027-04-16",
            "2028, Mậu Thân,  2028-01-26, 2028-04-04",
            "2029, Kỷ Dậu,    2029-02-13, 2029-04-23",
            "2030, Canh Tuất, 2030-02-02, 2030-04-12",
            "2031, Tân Hợi,   2031-01-23, 2031-04-01",
            "2032, Nhâm Tý,   2032-02-11, 2032-04-19",
            "2033, Quý Sửu,   2033-01-31, 2033-04-09",
            "2034, Giáp Dần,  2034-02-19, 2034-04-28",
            "2035, Ất Mão,    2035-02-08, 2035-04-17",
    })
    void tetAndGioToMatchTheReferenceTable(int year, String name, LocalDate tet, LocalDate gioTo) {
        assertEquals(tet, vn.toSolar(1, 1, year, false));
        assertEquals(new LunarDate(1, 1, year, false), vn.toLunar(tet));
        assertEquals(new LunarDate(30, 12, year - 1, false).month(), vn.toLunar(tet.minusDays(1)).month());
        assertEquals(gioTo, vn.toSolar(10, 3, year, false));
        assertEquals(name, LunarCalendar.yearName(year));
    }

    /** Reference notes §3d: years where UTC+7 and UTC+8 give a different New Year. */
    @ParameterizedTest
    @CsvSource({
            "1965, 1965-02-01, 1965-02-02",
            "1968, 1968-01-29, 1968-01-30",
            "1969, 1969-02-16, 1969-02-17",
            "1985, 1985-01-21, 1985-02-20",
            "2007, 2007-02-17, 2007-02-18",
            "2030, 2030-02-02, 2030-02-03",
            "2053, 2053-02-18, 2053-02-19",
    })
    void vietnamAndChinaDiffer(int year, LocalDate vietnam, LocalDate china) {
        assertEquals(vietnam, vn.toSolar(1, 1, year, false));
        assertEquals(china, cn.toSolar(1, 1, year, false));
    }

    @Test
    void theOneDayOf2030() {
        assertEquals(new LunarDate(1, 1, 2030, false), vn.toLunar(LocalDate.of(2030, 2, 2)));
        assertEquals(new LunarDate(30, 12, 2029, false), cn.toLunar(LocalDate.of(2030, 2, 2)));
    }

    @Test
    void leapMonths() {
        // 2023: leap month 2 (Quý Mão); 2025: leap month 6 (Ất Tỵ).
        assertEquals(new LunarDate(1, 2, 2023, true), vn.toLunar(LocalDate.of(2023, 3, 22)));
        assertEquals(LocalDate.of(2023, 2, 20), vn.toSolar(1, 2, 2023, false));
        assertEquals(LocalDate.of(2023, 3, 22), vn.toSolar(1, 2, 2023, true));
        assertEquals(LocalDate.of(2025, 7, 25), vn.toSolar(1, 6, 2025, true));
        assertThrows(IllegalArgumentException.class, () -> vn.toSolar(1, 3, 2023, true));
        assertThrows(IllegalArgumentException.class, () -> vn.toSolar(0, 1, 2026, false));
    }

    /** Every leap month 2017–2039 and the day it begins, including the rare leap month 11 of 2033. */
    @ParameterizedTest
    @CsvSource({"2017, 6, 2017-07-23", "2020, 4, 2020-05-23", "2023, 2, 2023-03-22", "2025, 6, 2025-07-25",
            "2028, 5, 2028-06-23", "2031, 3, 2031-04-21", "2033, 11, 2033-12-22", "2036, 6, 2036-07-23",
            "2039, 5, 2039-06-22"})
    void leapMonthsOfTheComingYears(int year, int month, LocalDate start) {
        assertEquals(new LunarDate(1, month, year, true), vn.toLunar(start));
        int count = 0;
        for (LocalDate d = LocalDate.of(2016, 1, 1); d.getYear() <= 2039; d = d.plusDays(1)) {
            LunarDate l = vn.toLunar(d);
            if (l.leapMonth() && l.day() == 1 && l.year() == year) {
                count++;
            }
        }
        assertEquals(1, count);
    }

    @Test
    void newYearsEveWithoutA30th() {
        // Reference §3b: neither month 12 of Giáp Thìn nor of Ất Tỵ has a 30th day.
        assertEquals(new LunarDate(29, 12, 2024, false), vn.toLunar(LocalDate.of(2025, 1, 28)));
        assertEquals(new LunarDate(29, 12, 2025, false), vn.toLunar(LocalDate.of(2026, 2, 16)));
        assertThrows(IllegalArgumentException.class, () -> vn.toSolar(30, 12, 2025, false));
        assertEquals(new LunarDate(27, 12, 2025, false), vn.toLunar(LocalDate.of(2026, 2, 14)));
    }

    @Test
    void roundTripEveryDay1900To2100() {
        int leapMonths = 0;
        LunarDate previous = null;
        for (LocalDate d = LocalDate.of(1900, 1, 1); d.getYear() <= 2100; d = d.plusDays(1)) {
            LunarDate lunar = vn.toLunar(d);
            assertEquals(d, vn.toSolar(lunar.day(), lunar.month(), lunar.year(), lunar.leapMonth()), lunar::toString);
            if (previous != null && lunar.day() == 1) {
                assertTrue(previous.day() == 29 || previous.day() == 30, previous::toString);
                if (lunar.leapMonth()) {
                    leapMonths++;
                    assertEquals(previous.month(), lunar.month());
                } else {
                    assertEquals(previous.month() % 12 + 1, lunar.month());
                }
            } else if (previous != null) {
                assertEquals(previous.day() + 1, lunar.day());
            }
            previous = lunar;
        }
        // About 7 leap months every 19 years.
        assertTrue(leapMonths >= 72 && leapMonths <= 76, "leap months: " + leapMonths);
    }

    @Test
    void yearNames() {
        assertEquals("Bính Ngọ", LunarCalendar.yearName(2026));
        assertEquals("Canh Tuất", LunarCalendar.yearName(2030));
        assertEquals("Quý Mão", LunarCalendar.yearName(2023));
        assertEquals("Tân Sửu", LunarCalendar.yearName(2021));
        assertEquals("Giáp Tý", LunarCalendar.yearName(1984));
        assertEquals("Mậu Thân", LunarCalendar.yearName(1968));
    }

    @Test
    void meeusWorkedExample() {
        // Astronomical Algorithms, example 49.a: the new moon of February 1977 (k = -283).
        assertEquals(2443192.65118, LunarCalendar.newMoon(-283), 0.0001);
    }
}
