package vn.friendlygov.ticket;

import org.junit.jupiter.api.Test;
import vn.friendlygov.calendar.DeadlineUnit;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.LunarCalendar;
import vn.friendlygov.unit.Unit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Case deadlines from the categories, the unit's office hours and the Vietnamese working-day calendar. */
class TicketDeadlinesTest {
    private static final ZoneId VN = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final LunarCalendar LUNAR = new LunarCalendar();
    private static final HolidayCalendar CALENDAR = new HolidayCalendar(LUNAR);

    private final TicketCatalog catalog = catalog();
    private final Unit plain = unit("plain");
    private final Unit late = unit("late");

    private static TicketCatalog catalog() {
        TicketSettings s = new TicketSettings();
        s.setCategories(List.of(
                Map.of("code", "dien-chieu-sang", "name", "Điện chiếu sáng", "deadline", "5 WORKING_DAYS", "keywords", "den duong,bong den"),
                Map.of("code", "giao-thong-ha-tang", "name", "Giao thông – hạ tầng", "deadline", "5 WORKING_DAYS", "keywords", "duong,o ga"),
                Map.of("code", "an-ninh-trat-tu", "name", "An ninh trật tự", "deadline", "8 WORKING_HOURS", "keywords", "karaoke"),
                Map.of("code", "khac", "name", "Khác", "deadline", "10 DAYS", "keywords", "")));
        UnitTicketProperties late = new UnitTicketProperties("late");
        UnitTicketProperties.WorkingHours hours = new UnitTicketProperties.WorkingHours();
        hours.setMorning("07:00-11:00");
        hours.setAfternoon("13:00-17:30");
        hours.setCutOff("17:30");
        late.setWorkingHours(hours);
        late.setTicketDeadlines(List.of(Map.of("category", "dien-chieu-sang", "deadline", "2 WORKING_DAYS")));
        return new TicketCatalog(s, List.of(late), CALENDAR);
    }

    private static Unit unit(String code) {
        return new Unit(1L, code, code, false, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, Instant.EPOCH, Instant.EPOCH);
    }

    private LocalDateTime due(Unit unit, String category, TicketKind kind, LocalDateTime received) {
        Deadline d = catalog.deadline(unit, category, kind);
        return catalog.officeHours(unit).dueAt(received.atZone(VN), d.amount(), d.unit()).withZoneSameInstant(VN).toLocalDateTime();
    }

    @Test
    void classifiesByTheMostSpecificKeywords() {
        assertEquals("dien-chieu-sang", catalog.classify("Đèn đường ngõ 5 bị hỏng cả tháng nay"));
        assertEquals("giao-thong-ha-tang", catalog.classify("duong lien thon co o ga to"));
        assertEquals("khac", catalog.classify("xin chào"));
    }

    @Test
    void tet2026() {
        // Friday 13/2/2026, before the cut-off: Tết Bính Ngọ is off from Sat 14/2 to Sun 22/2.
        assertEquals(LocalDateTime.of(2026, 2, 27, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 2, 13, 9, 0)));
        // After the 15:00 cut-off it counts from Monday 23/2.
        assertEquals(LocalDateTime.of(2026, 3, 2, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 2, 13, 16, 0)));
        // Filed during Tết: counts from the first working day after it.
        assertEquals(LocalDateTime.of(2026, 3, 2, 17, 0),
                due(plain, "giao-thong-ha-tang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 2, 17, 10, 0)));
    }

    @Test
    void reunificationAndLabourDay2026() {
        // Tue 28/4 + 5: Thu 30/4 and Fri 1/5 are holidays (Giỗ Tổ's day in lieu was Mon 27/4).
        assertEquals(LocalDateTime.of(2026, 5, 7, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 4, 28, 8, 0)));
        // Eight working hours from Wed 29/4 14:00 run over the holidays into Monday 4/5.
        assertEquals(LocalDateTime.of(2026, 5, 4, 14, 30),
                due(plain, "an-ninh-trat-tu", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 4, 29, 14, 0)));
    }

    @Test
    void makeUpSaturdays2026() {
        // Sat 10/1/2026 is worked (for Fri 2/1): a case filed on Thursday 8/1 is due two working days later, on Saturday.
        assertEquals(LocalDateTime.of(2026, 1, 10, 17, 30),
                due(late, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 1, 8, 9, 0)));
        assertEquals(LocalDate.of(2026, 1, 10), CALENDAR.addWorkingDays(LocalDate.of(2026, 1, 8), 2));
        // Sat 22/8/2026 is worked (for Mon 31/8); 29/8–2/9 are off.
        assertEquals(LocalDateTime.of(2026, 9, 7, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 8, 26, 9, 0)));
        assertEquals(LocalDateTime.of(2026, 8, 22, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.KIEN_NGHI, LocalDateTime.of(2026, 8, 17, 9, 0)));
    }

    @Test
    void perUnitOfficeHoursAndDeadlines() {
        // Unit "late": closes 17:30 with a 17:30 cut-off and a 2-working-day deadline for lighting.
        assertEquals(LocalDateTime.of(2026, 3, 4, 17, 30),
                due(late, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 3, 2, 16, 0)));
        // The standard unit: 16:00 is after the 15:00 cut-off, so counting starts on Tuesday.
        assertEquals(LocalDateTime.of(2026, 3, 10, 17, 0),
                due(plain, "dien-chieu-sang", TicketKind.PHAN_ANH, LocalDateTime.of(2026, 3, 2, 16, 0)));
    }

    @Test
    void formalComplaintsFollowTheirLaws() {
        assertEquals(new Deadline(10, DeadlineUnit.DAYS), catalog.deadline(plain, "dien-chieu-sang", TicketKind.KHIEU_NAI));
        assertEquals(new Deadline(7, DeadlineUnit.WORKING_DAYS), catalog.deadline(plain, "khac", TicketKind.TO_CAO));
        // Khiếu nại on Mon 9/2/2026 + 10 days = Thu 19/2, inside Tết: moves to Mon 23/2 (Bộ luật Dân sự Điều 148).
        assertEquals(LocalDateTime.of(2026, 2, 23, 17, 0),
                due(plain, "khac", TicketKind.KHIEU_NAI, LocalDateTime.of(2026, 2, 9, 9, 0)));
        assertEquals(new Deadline(5, DeadlineUnit.WORKING_DAYS), catalog.forwardDeadline());
        assertThrows(IllegalStateException.class, () -> Deadline.parse("5 tuần"));
    }

    @Test
    void lunarNewYears() {
        assertEquals(LocalDate.of(2026, 2, 17), LUNAR.toSolar(1, 1, 2026, false));
        // 2030: the new moon falls just before midnight in Hà Nội, after it in Beijing.
        assertEquals(LocalDate.of(2030, 2, 2), LUNAR.toSolar(1, 1, 2030, false));
        assertEquals(LocalDate.of(2030, 2, 3), new LunarCalendar(8).toSolar(1, 1, 2030, false));
        // 1985: Vietnam (UTC+7) celebrated Tết on 21/1, a month before China (UTC+8) on 20/2.
        assertEquals(LocalDate.of(1985, 1, 21), LUNAR.toSolar(1, 1, 1985, false));
        assertEquals(LocalDate.of(1985, 2, 20), new LunarCalendar(8).toSolar(1, 1, 1985, false));
        ZonedDateTime tet2030 = LocalDate.of(2030, 2, 2).atStartOfDay(VN);
        assertEquals(1, LUNAR.toLunar(tet2030.toLocalDate()).day());
    }
}
