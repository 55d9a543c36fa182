package vn.friendlygov.console;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
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
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The inbox's conversations and saved reply snippets over real HTTP on MariaDB: a leader keeps them (a wrong variable is refused
 * with its line, nothing saved), an official cannot change them, the official holding a conversation
 * gets one filled in for it in the reply box, and another unit's snippet is 404.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnippetsTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-mau-tra-loi-1";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units.xa-khac.name", "Xã Khác", "tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM sign_in_lock");
        ConsoleFixtures.password(db, "mau.chutich", PW);
        ConsoleFixtures.password(db, "mau.diachinh", PW);
    }

    ConsoleClient signedIn(String user) {
        ConsoleClient b = new ConsoleClient(server.getURL().toString());
        b.signedIn(user, PW);
        return b;
    }

    @Test
    void aLeaderKeepsSnippetsAndAWrongVariableIsRefusedWithItsLine() {
        ConsoleClient leader = signedIn("mau.chutich");
        String title = "Hẹn trả lời " + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> bad = leader.submit("/console/snippets", "/console/snippets",
                Map.of("title", title, "body", "Chào {{nguoiDan}},\ngiờ làm việc: {{unit.officeHour}}"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("Dòng 2") && bad.body().contains("unit.officeHour"), bad.body());
        assertEquals(0, db.count("SELECT COUNT(*) FROM reply_snippet WHERE title = ?", title));

        HttpResponse<String> syntax = leader.submit("/console/snippets", "/console/snippets", Map.of("title", title, "body", "Chào {{#nguoiDan}} bạn"));
        assertEquals(400, syntax.statusCode());

        HttpResponse<String> ok = leader.submit("/console/snippets", "/console/snippets",
                Map.of("title", title, "body", "Chào {{nguoiDan}}, <b>{{unit.name}}</b> làm việc {{unit.officeHours}}. {{canBo}}"));
        assertEquals(303, ok.statusCode(), ok.body());
        assertEquals(1, db.count("SELECT COUNT(*) FROM reply_snippet WHERE title = ?", title));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'snippet.create' AND actor = 'mau.chutich' AND after_json LIKE ?",
                "%" + title + "%"));
        String page = leader.get("/console/snippets").body();
        assertTrue(page.contains("&lt;b&gt;"), "the snippet's text is shown as text");
        assertFalse(page.contains("<b>{{unit.name}}</b>"));

        ConsoleClient official = signedIn("mau.diachinh");
        HttpResponse<String> refused = official.submit("/console/snippets", "/console/snippets", Map.of("title", title + " x", "body", "Chào"));
        assertEquals(403, refused.statusCode());
        assertEquals(0, db.count("SELECT COUNT(*) FROM reply_snippet WHERE title = ?", title + " x"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOfficialHoldingAConversationGetsTheSnippetFilledInAndAnotherUnitsIs404() {
        Map<String, Object> first = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", "cho tôi gặp cán bộ")),
                Argument.mapOf(String.class, Object.class));
        String web = (String) first.get("conversationId");
        long id = Long.parseLong(db.one("SELECT id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", web));
        assertEquals("WAITING_FOR_OFFICIAL", db.one("SELECT status FROM conversation WHERE id = ?", id));

        String title = "Chào " + UUID.randomUUID().toString().substring(0, 6);
        db.update("INSERT INTO reply_snippet (unit_id, title, body, created_by, created_at, updated_at) "
                + "SELECT id, ?, 'Chào {{nguoiDan}}, tôi là {{canBo}} của {{unit.name}}.{{#maHoSo}} Mã: {{maHoSo}}{{/maHoSo}}', 'test', NOW(3), NOW(3) "
                + "FROM unit WHERE code = 'mau'", title);
        String mine = db.one("SELECT id FROM reply_snippet WHERE title = ?", title);
        db.update("INSERT INTO reply_snippet (unit_id, title, body, created_by, created_at, updated_at) "
                + "SELECT id, ?, 'của xã khác', 'test', NOW(3), NOW(3) FROM unit WHERE code = 'xa-khac'", title + " khác");
        String theirs = db.one("SELECT id FROM reply_snippet WHERE title = ?", title + " khác");

        ConsoleClient official = signedIn("mau.diachinh");
        String base = "/console/conversations/" + id;
        String link = "href=\"/console/conversations/" + id + "\"";
        String inbox = official.get("/console").body();
        assertTrue(inbox.contains(link) && inbox.contains("đang chờ"), "the inbox offers the waiting conversation: " + inbox);
        String leaderInbox = signedIn("mau.chutich").get("/console").body();
        assertTrue(leaderInbox.contains("Người dân chờ gặp cán bộ</th>"), leaderInbox);
        assertEquals(303, official.submit(base, base + "/take", Map.of()).statusCode());
        assertTrue(official.get("/console").body().contains("anh/chị đang trả lời"), "held by me, in my inbox");
        HttpResponse<String> page = official.get(base + "?snippet=" + mine);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("Chào anh/chị, tôi là Lê Văn C (minh họa) của Xã Mẫu (đơn vị minh họa).</textarea>"), page.body());
        assertEquals(404, official.get(base + "?snippet=" + theirs).statusCode());
        assertEquals(404, official.get(base + "?snippet=abc").statusCode());
    }
}
