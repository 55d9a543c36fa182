package vn.friendlygov.console;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The knowledge base and channel health pages over real HTTP on MariaDB: an administrator sees the
 * entries and reloads (audited), the residents' questions proposed for the knowledge base (a leader
 * only their unit's), the channels' state and a failed message, which they send again.
 */
@MicronautTest(transactional = false)
@Property(name = "outbox.dispatcher.enabled", value = "false")
@Property(name = "tickets.scheduler.enabled", value = "false")
@Property(name = "units.ops-other.name", value = "Xã Khác")
class OperationsPagesTest {
    static final String PW = "Mat-khau-van-hanh-1";

    @Inject EmbeddedServer server;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject UnitDirectory units;

    @Test
    void anAdministratorSeesTheKnowledgeBaseAndTheChannelsAndRetriesAFailedMessage() {
        Db db = new Db(dataSource);
        String s = UUID.randomUUID().toString().substring(0, 6);
        String question = "Làm thẻ bảo hiểm y tế cho bé ở đâu " + s + "?";
        db.update("INSERT INTO kb_suggestion (unit_id, conversation_id, question, proposed_by, created_at) VALUES "
                + "((SELECT id FROM unit WHERE code = 'mau'), NULL, ?, 'mau.vanphong', ?)", question, Timestamp.from(Instant.now()));
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, next_attempt_at, created_at, "
                + "reason_code, failure_reason, finished_at) VALUES (?, (SELECT id FROM unit WHERE code = 'mau'), 'zalo', 'r', 'TEXT', "
                + "'{\"text\":\"Dạ, xã đã nhận phản ánh.\",\"quickReplies\":[]}', "
                + "'FAILED', ?, ?, 'retry_budget_exhausted', 'HTTP 503', ?)", "ops-" + s, Timestamp.from(Instant.now()),
                Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
        String id = db.one("SELECT id FROM outbox WHERE dedupe_key = ?", "ops-" + s);

        ConsoleClient admin = new ConsoleClient(server.getURL().toString());
        admin.signedIn("admin", "test-admin-secret");
        String kb = admin.get("/console/admin/knowledge").body();
        assertTrue(kb.contains("id=\"kb-entries\"") && kb.contains(question) && kb.contains("Nạp lại kho tri thức"), kb);
        HttpResponse<String> reloaded = admin.submit("/console/admin/knowledge", "/console/admin/knowledge/reload", Map.of());
        assertEquals(303, reloaded.statusCode(), reloaded.body());
        assertTrue(admin.get(ConsoleClient.location(reloaded)).body().contains("Đã nạp lại kho tri thức."));
        assertTrue(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'knowledge-base.reload' AND actor = 'admin'") >= 1);

        String channels = admin.get("/console/admin/channels").body();
        assertTrue(channels.contains("id=\"channel-mau\"") && channels.contains("id=\"retry-" + id + "\"") && channels.contains("HTTP 503"), channels);
        HttpResponse<String> retried = admin.submit("/console/admin/channels", "/console/admin/channels/outbox/" + id + "/retry", Map.of());
        assertEquals(303, retried.statusCode(), retried.body());
        assertEquals("PENDING", db.one("SELECT status FROM outbox WHERE id = ?", id));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'outbox.retry' AND actor = 'admin' AND target = ?", "outbox#" + id));
        assertEquals(409, admin.submit("/console/admin/channels", "/console/admin/channels/outbox/" + id + "/retry", Map.of()).statusCode());
        // Queued again for a recipient that does not exist: no other test's sender may take it.
        db.update("DELETE FROM outbox WHERE id = ?", id);

        // The OpenAPI document generated at build time, in the console.
        String api = admin.get("/console/admin/api").body();
        assertTrue(api.contains("openapi: 3") && api.contains("/api/v1/tickets") && api.contains("/api/v1/admin/units/{code}"), api);
        HttpResponse<String> yaml = admin.get("/console/admin/api/openapi.yml");
        assertEquals(200, yaml.statusCode());
        assertTrue(yaml.headers().firstValue("Content-Type").orElse("").startsWith("application/yaml"), yaml.headers().toString());

        // A leader of another unit: not the mau unit's proposals, no channel page, no API document page.
        String leader = "ops-l-" + s;
        officials.save(new Official(null, units.byCode("ops-other").orElseThrow().id(), leader, Passwords.hash(PW), "Lãnh đạo thử",
                null, Official.LEADER, null, true, null, null, true, Instant.now(), null, null, false));
        ConsoleClient l = new ConsoleClient(server.getURL().toString());
        l.signedIn(leader, PW);
        String theirs = l.get("/console/admin/knowledge").body();
        assertFalse(theirs.contains(question) || theirs.contains("Nạp lại kho tri thức"), theirs);
        assertEquals(403, l.get("/console/admin/channels").statusCode());
        assertEquals(403, l.get("/console/admin/api").statusCode());
    }
}
