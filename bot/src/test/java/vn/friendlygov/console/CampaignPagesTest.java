package vn.friendlygov.console;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The greetings pages over real HTTP on MariaDB: a leader drafts from a coming holiday, submits, cannot
 * approve their own; a second leader approves; an edit sends it back to draft; cancel; an official has
 * no access and another unit's campaign does not exist.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignPagesTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-chien-dich-1";

    @Inject EmbeddedServer server;
    @Inject DataSource dataSource;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units.xa-khac.name", "Xã Khác", "tickets.scheduler.enabled", "false", "campaigns.run-interval", "1h");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM sign_in_lock");
        for (String u : new String[]{"mau.chutich", "mau.phochutich", "mau.diachinh"}) {
            ConsoleFixtures.password(db, u, PW);
        }
    }

    ConsoleClient signedIn(String user) {
        ConsoleClient b = new ConsoleClient(server.getURL().toString());
        b.signedIn(user, PW);
        return b;
    }

    static String status(String page) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"campaign-status\">([^<]+)<").matcher(page);
        return m.find() ? m.group(1) : "?";
    }

    @Test
    void twoLeadersDraftApproveEditAndCancelAGreeting() {
        ConsoleClient author = signedIn("mau.chutich");
        String list = author.get("/console/campaigns").body();
        assertTrue(list.contains("Tết Nguyên Đán") && list.contains("Tết Dương lịch"), "the coming holidays are proposed: " + list);

        String title = "Chúc mừng năm mới " + UUID.randomUUID().toString().substring(0, 6);
        Map<String, String> form = new LinkedHashMap<>(Map.of("template", "tet-duong-lich", "title", title, "date", "2026-12-31",
                "time", "19:00", "ch_zalo", "on", "ch_web", "on", "var_year", "2027", "var_holiday", "Tết Dương lịch 2027",
                "var_date", "1/1/2027"));
        HttpResponse<String> created = author.submit("/console/campaigns", "/console/campaigns", form);
        assertEquals(303, created.statusCode(), created.body());
        String page = ConsoleClient.location(created).replaceFirst("\\?.*", "");
        assertEquals("zalo,web", db.one("SELECT channels FROM campaign WHERE title = ?", title));
        assertEquals("2026-12-31 12:00:00", db.one("SELECT DATE_FORMAT(scheduled_at, '%Y-%m-%d %H:%i:%s') FROM campaign WHERE title = ?", title),
                "19:00 in Vietnam is 12:00 UTC");
        assertEquals("Bản nháp", status(author.get(page).body()));

        assertEquals(303, author.submit(page, page + "/submit", Map.of()).statusCode());
        String submitted = author.get(page).body();
        assertEquals("Chờ phê duyệt", status(submitted));
        assertTrue(submitted.contains("Nguyễn Văn A (tên minh họa)"), "the frozen text is signed by the chairman: " + submitted);
        assertFalse(submitted.contains("id=\"campaign-approve\""), "no approve button for the author");
        assertEquals(403, author.submit(page, page + "/approve", Map.of()).statusCode(), "the author cannot approve");
        assertEquals("PENDING_APPROVAL", db.one("SELECT status FROM campaign WHERE title = ?", title));

        ConsoleClient second = signedIn("mau.phochutich");
        assertEquals(303, second.submit(page, page + "/approve", Map.of()).statusCode());
        String approved = second.get(page).body();
        assertEquals("Đã duyệt, chờ đến giờ gửi", status(approved));
        assertTrue(approved.contains("id=\"campaign-approver\">mau.phochutich<"), approved);
        assertTrue(approved.contains("data-refresh"), "progress refreshes itself while it is live");

        Map<String, String> edit = new LinkedHashMap<>(Map.of("title", title, "date", "2026-12-31", "time", "20:00", "ch_zalo", "on"));
        assertEquals(303, author.submit(page, page, edit).statusCode());
        assertEquals("Bản nháp", status(author.get(page).body()), "a change sends it back to draft");
        assertEquals(null, db.one("SELECT approver_id FROM campaign WHERE title = ?", title));

        assertEquals(303, author.submit(page, page + "/cancel", Map.of()).statusCode());
        assertEquals("CANCELLED", db.one("SELECT status FROM campaign WHERE title = ?", title));

        ConsoleClient official = signedIn("mau.diachinh");
        assertEquals(403, official.get("/console/campaigns").statusCode());
        assertEquals(403, official.get(page).statusCode());

        db.update("INSERT INTO campaign (unit_id, template, title, channels, audience, scheduled_at, status, author_id, created_at, updated_at) "
                + "SELECT u.id, 'tet-duong-lich', 'của xã khác', 'zalo', 'zalo', NOW(3), 'DRAFT', o.id, NOW(3), NOW(3) "
                + "FROM unit u, official o WHERE u.code = 'xa-khac' AND o.username = 'mau.chutich'");
        String theirs = db.one("SELECT id FROM campaign WHERE title = 'của xã khác' ORDER BY id DESC LIMIT 1");
        assertEquals(404, author.get("/console/campaigns/" + theirs).statusCode());
        assertEquals(404, author.submit(page, "/console/campaigns/" + theirs + "/cancel", Map.of()).statusCode());
    }
}
