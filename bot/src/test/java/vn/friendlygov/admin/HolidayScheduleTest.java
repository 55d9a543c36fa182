package vn.friendlygov.admin;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.LunarCalendar;
import vn.friendlygov.calendar.ScheduleWatch;
import vn.friendlygov.console.ConsoleClient;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The yearly holiday schedule entered in the console (real HTTP, MariaDB): an administrator adds a
 * year's days off and a make-up Saturday with the announcing document, and the working-day arithmetic
 * uses them at once and stops calling that year provisional; bad input changes nothing; a unit's
 * LEADER sees the schedule but may not change it; every change audited. The banner shows from October
 * until next year is loaded.
 */
@MicronautTest(transactional = false)
class HolidayScheduleTest {
    static final int YEAR = 2095;
    static final String PW = "Mat-khau-lich-nghi-1";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject UnitDirectory units;
    @Inject HolidayScheduleService schedule;

    Map<String, Object> workingDays(String from, int days) {
        return http.toBlocking().retrieve(HttpRequest.GET("/api/v1/calendar/working-days?from=" + from + "&days=" + days),
                Argument.mapOf(String.class, Object.class));
    }

    @Test
    void anAdministratorEntersNextYearsDaysOffAndTheDeadlinesUseThemAtOnce() {
        Db db = new Db(dataSource);
        db.update("DELETE FROM holiday_schedule_day WHERE schedule_year = ?", YEAR);
        schedule.reload();
        // Mon 6/6/2095 + 2 working days: Wed 8/6, provisional (no schedule for 2095).
        assertEquals("2095-06-08", workingDays("2095-06-06", 2).get("due"));
        assertEquals(Boolean.TRUE, workingDays("2095-06-06", 2).get("provisional"));

        String doc = "Công văn " + java.util.UUID.randomUUID().toString().substring(0, 6) + "/VPCP-KGVX";
        ConsoleClient admin = new ConsoleClient(server.getURL().toString());
        admin.signedIn("admin", AdminApi.ADMIN_PW);
        HttpResponse<String> added = admin.submit("/console/admin/holidays", "/console/admin/holidays", Map.of("from", "2095-06-07",
                "to", "2095-06-08", "kind", "OFF", "name", "Nghỉ lễ thử nghiệm", "document", doc));
        assertEquals(303, added.statusCode(), added.body());
        assertEquals(303, admin.submit("/console/admin/holidays", "/console/admin/holidays", Map.of("from", "2095-06-11",
                "kind", "WORK", "document", doc)).statusCode());

        // Tue 7 and Wed 8 off, Sat 11 worked: Mon 6 + 2 working days is Fri 10; + 3 is Sat 11.
        Map<String, Object> due = workingDays("2095-06-06", 2);
        assertEquals("2095-06-10", due.get("due"));
        assertNull(due.get("provisional"), "the year is loaded now: " + due);
        assertEquals("2095-06-11", workingDays("2095-06-06", 3).get("due"));
        String page = admin.get("/console/admin/holidays?year=" + YEAR).body();
        assertTrue(page.contains("Nghỉ lễ thử nghiệm") && page.contains(doc) && page.contains("11/06/2095"), page);
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'holiday.add' AND actor = 'admin' AND target = ? "
                + "AND after_json LIKE ? AND after_json LIKE ?", String.valueOf(YEAR), "%Nghỉ lễ thử nghiệm%", "%" + doc + "%"));

        // Bad input: a weekday as a make-up day, a day already entered, no document: refused in Vietnamese, nothing written.
        HttpResponse<String> weekday = admin.submit("/console/admin/holidays", "/console/admin/holidays",
                Map.of("from", "2095-06-13", "kind", "WORK", "document", "CV 1"));
        assertEquals(422, weekday.statusCode());
        assertTrue(weekday.body().contains("phải là thứ Bảy hoặc Chủ nhật"), weekday.body());
        assertEquals(409, admin.submit("/console/admin/holidays", "/console/admin/holidays",
                Map.of("from", "2095-06-06", "to", "2095-06-08", "kind", "OFF", "name", "Trùng", "document", "CV 2")).statusCode());
        assertEquals(422, admin.submit("/console/admin/holidays", "/console/admin/holidays",
                Map.of("from", "2095-06-14", "kind", "OFF", "name", "Không văn bản", "document", " ")).statusCode());
        assertEquals(3, db.count("SELECT COUNT(*) FROM holiday_schedule_day WHERE schedule_year = ?", YEAR));

        // A unit's leader sees the schedule, may not change it.
        String leader = "hol-leader-" + java.util.UUID.randomUUID().toString().substring(0, 6);
        officials.save(new Official(null, units.byCode("mau").orElseThrow().id(), leader, Passwords.hash(PW), "Lãnh đạo thử",
                null, Official.LEADER, null, true, null, null, true, Instant.now(), null, null, false));
        ConsoleClient l = new ConsoleClient(server.getURL().toString());
        l.signedIn(leader, PW);
        assertEquals(200, l.get("/console/admin/holidays?year=" + YEAR).statusCode());
        assertEquals(403, l.submit("/console/admin/holidays", "/console/admin/holidays",
                Map.of("from", "2095-06-15", "kind", "OFF", "name", "X", "document", "CV 3")).statusCode());

        // Deleting the make-up day: Sat 11 is a weekend again.
        String id = db.one("SELECT id FROM holiday_schedule_day WHERE on_date = '2095-06-11'");
        assertEquals(303, admin.submit("/console/admin/holidays", "/console/admin/holidays/" + id + "/delete", Map.of()).statusCode());
        assertEquals("2095-06-13", workingDays("2095-06-06", 3).get("due"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'holiday.delete' AND before_json LIKE ?", "%" + doc + "%"));
    }

    @Test
    void theBannerShowsFromOctoberUntilNextYearIsLoaded() {
        HolidayCalendar calendar = new HolidayCalendar(new LunarCalendar(), Map.of());
        Clock october = Clock.fixed(Instant.parse("2027-10-05T03:00:00Z"), ZoneOffset.UTC);
        assertFalse(new ScheduleWatch(calendar, Clock.fixed(Instant.parse("2027-09-30T03:00:00Z"), ZoneOffset.UTC)).banner().isPresent());
        assertTrue(new ScheduleWatch(calendar, october).banner().orElse("").contains("năm 2028"));
        calendar.merge(Map.of(2028, new HolidayCalendar.YearSchedule(Map.of(LocalDate.of(2028, 1, 24), "Tết Nguyên đán"), Set.of())));
        assertFalse(new ScheduleWatch(calendar, october).banner().isPresent());
    }
}
