package vn.friendlygov.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.console.ConsoleClient;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The on-duty roster page over real HTTP on MariaDB: two weeks with each day's standing in the
 * official calendar (New Year's Day a holiday) and the unit's office hours; a leader rosters an
 * official for today and the next complaint of their field goes to them, then another, and it follows;
 * an official of another unit is refused with nothing written and the boxes as ticked; every change is
 * audited; a leader of another unit gets 404 for the page and its form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DutyRosterPageTest {
    static final String S = UUID.randomUUID().toString().substring(0, 6);
    static final String CODE = "roster-" + S;
    static final String OTHER = "roster-o-" + S;
    static final String PW = "Mat-khau-lich-truc-1";
    static final String RUBBISH = "Rác thải bốc mùi hôi thối ở thôn Đông mấy hôm nay không ai thu gom";

    EmbeddedServer server;
    HttpClient client;
    Db db;
    String first = "r1-" + S;
    String second = "r2-" + S;
    String leader = "rl-" + S;
    String stranger = "rs-" + S;

    @BeforeAll
    void start() {
        Map<String, Object> p = new HashMap<>();
        p.put("units." + CODE + ".name", "Xã Lịch Trực");
        p.put("units." + CODE + ".areas", "Thôn Đông,Thôn Tây");
        p.put("units." + CODE + ".office-hours", "Sáng 7h30–11h30, chiều 13h30–17h00, thứ Hai đến thứ Sáu");
        p.put("units." + OTHER + ".name", "Xã Bên Cạnh");
        server = AdminApi.start(p);
        client = HttpClient.create(server.getURL());
        db = new Db(server.getApplicationContext().getBean(DataSource.class));
        account(CODE, first, "Nguyễn Văn Một", Official.OFFICIAL, "moi-truong");
        account(CODE, second, "Trần Thị Hai", Official.OFFICIAL, "moi-truong");
        account(CODE, leader, "Lê Văn Trưởng", Official.LEADER, null);
        account(OTHER, stranger, "Phạm Văn Lạ", Official.LEADER, null);
    }

    @AfterAll
    void stop() {
        client.close();
        server.close();
    }

    private void account(String unit, String username, String name, String role, String fields) {
        OfficialRepository officials = server.getApplicationContext().getBean(OfficialRepository.class);
        UnitDirectory units = server.getApplicationContext().getBean(UnitDirectory.class);
        officials.save(new Official(null, units.byCode(unit).orElseThrow().id(), username, Passwords.hash(PW), name, null, role,
                fields, true, null, null, true, Instant.now(), null, null, false));
    }

    private String assignee(String caseCode) {
        return db.one("SELECT o.username FROM ticket t JOIN official o ON o.id = t.assignee_id JOIN unit u ON u.id = t.unit_id "
                + "WHERE u.code = ? AND t.code = ?", CODE, caseCode);
    }

    private HttpResponse<String> roster(ConsoleClient c, LocalDate from, String... onTodayFor) {
        Map<String, String> form = new HashMap<>();
        form.put("from", from.toString());
        LocalDate today = LocalDate.now(OfficeHours.ZONE);
        for (String u : onTodayFor) {
            form.put("on|" + today + "|" + u, "on");
        }
        String page = "/console/admin/units/" + CODE + "/roster?from=" + from;
        return c.submit(page, "/console/admin/units/" + CODE + "/roster", form);
    }

    /** Whether today's box of {@code username} is ticked on the page. */
    private static boolean ticked(String html, String username) {
        String id = "id=\"on-" + LocalDate.now(OfficeHours.ZONE) + "-" + username + "\"";
        int at = html.indexOf(id);
        assertTrue(at >= 0, "no box " + id);
        String input = html.substring(html.lastIndexOf("<input", at), html.indexOf(">", at));
        return input.contains("checked");
    }

    @Test
    void aLeaderRostersTodayAndTheNextComplaintFollowsTheRoster() {
        AdminApi api = new AdminApi(client);
        ConsoleClient c = new ConsoleClient(server.getURL().toString());
        c.signedIn(leader, PW);
        LocalDate week = LocalDate.now(OfficeHours.ZONE).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));

        HttpResponse<String> page = c.get("/console/admin/units/" + CODE + "/roster");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("Sáng 7h30–11h30, chiều 13h30–17h00"), "the unit's office hours");
        assertTrue(page.body().contains("Nguyễn Văn Một") && page.body().contains("Trần Thị Hai"));
        HttpResponse<String> newYear = c.get("/console/admin/units/" + CODE + "/roster?from=2026-12-28");
        assertTrue(newYear.body().contains("Thứ Sáu 01/01/2027") && newYear.body().contains("Nghỉ: "), "New Year's Day off");
        assertTrue(newYear.body().contains("Nghỉ cuối tuần"));
        assertEquals(422, c.get("/console/admin/units/" + CODE + "/roster?from=2031-01-06").statusCode(), "years ahead");
        assertEquals(400, c.get("/console/admin/units/" + CODE + "/roster?from=mai").statusCode());

        assertEquals(303, roster(c, week, first).statusCode());
        assertEquals(first, assignee(api.complain(CODE, RUBBISH)), "today's rostered official of the field");
        assertEquals(303, roster(c, week, second).statusCode());
        assertEquals(second, assignee(api.complain(CODE, RUBBISH)), "the roster changed: the other one");
        assertTrue(ticked(c.get("/console/admin/units/" + CODE + "/roster").body(), second), "the box shown ticked");
        assertTrue(!ticked(c.get("/console/admin/units/" + CODE + "/roster").body(), first), "the other box not");
        assertEquals(2, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.update' AND actor = ? AND target = ?",
                leader, CODE + "@" + week));

        // Another unit's official: refused, nothing written, the boxes come back as ticked.
        HttpResponse<String> refused = roster(c, week, first, stranger);
        assertEquals(422, refused.statusCode());
        assertTrue(refused.body().contains("Không có cán bộ &#39;" + stranger + "&#39;") || refused.body().contains(stranger), refused.body());
        assertTrue(ticked(refused.body(), first), "the boxes as ticked");
        assertEquals(1, db.count("SELECT COUNT(*) FROM duty_roster r JOIN unit u ON u.id = r.unit_id WHERE u.code = ?", CODE));

        // A leader of another unit: the page and its form do not exist for them.
        ConsoleClient other = new ConsoleClient(server.getURL().toString());
        other.signedIn(stranger, PW);
        assertEquals(404, other.get("/console/admin/units/" + CODE + "/roster").statusCode());
        assertEquals(404, other.submit("/console/admin/units/" + OTHER + "/roster", "/console/admin/units/" + CODE + "/roster",
                Map.of("from", week.toString(), "on|" + LocalDate.now(OfficeHours.ZONE) + "|" + stranger, "on")).statusCode());
        assertEquals(1, db.count("SELECT COUNT(*) FROM duty_roster r JOIN unit u ON u.id = r.unit_id WHERE u.code = ?", CODE));
    }

    @Test
    void withoutASessionOrWithoutItsTokenTheRosterIsNeitherShownNorChanged() {
        String path = "/console/admin/units/" + CODE + "/roster";
        Map<String, String> form = Map.of("from", LocalDate.now(OfficeHours.ZONE).toString(),
                "on|" + LocalDate.now(OfficeHours.ZONE) + "|" + first, "on");
        long before = db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.update'");

        ConsoleClient anonymous = new ConsoleClient(server.getURL().toString());
        HttpResponse<String> page = anonymous.get(path);
        assertEquals(303, page.statusCode());
        assertEquals("/console/login", ConsoleClient.location(page));
        assertTrue(!page.body().contains("Nguyễn Văn Một"), "no names without a session");
        assertTrue(anonymous.post(path, form).statusCode() >= 300, "a post without a session is not taken");

        // Signed in, but the form comes from elsewhere (no token, a forged one): 403.
        ConsoleClient c = new ConsoleClient(server.getURL().toString());
        c.signedIn(leader, PW);
        assertEquals(403, c.post(path, form).statusCode());
        Map<String, String> forged = new HashMap<>(form);
        forged.put("csrfToken", "forged");
        assertEquals(403, c.post(path, forged).statusCode());
        assertEquals(before, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'roster.update'"), "nothing changed");
    }
}
