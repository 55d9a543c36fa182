package vn.friendlygov.retention;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention purge on MariaDB, in batches of two: handled webhook events, sent outbox rows and the
 * messages of a conversation without a case older than their periods go; what is younger, rejected (kept for
 * inspection) or undelivered stays, and a case's conversation is never touched.
 */
@MicronautTest(transactional = false)
@Property(name = "retention.batch-size", value = "2")
@Property(name = "retention.max-batches", value = "1000")
@Property(name = "retention.pause", value = "0ms")
@Property(name = "tickets.scheduler.enabled", value = "false")
class RetentionTest {
    @Inject RetentionJob job;
    @Inject DataSource dataSource;
    @Inject @Client("/") HttpClient http;

    static Timestamp ago(Duration d) {
        return Timestamp.from(Instant.now().minus(d));
    }

    void inbox(Db db, String key, String status, Duration age) {
        db.update("INSERT INTO inbox_event (channel, event_key, unit_id, sender_id, event_type, payload, platform_ts, status, received_at) "
                + "VALUES ('zalo', ?, (SELECT id FROM unit WHERE code = 'mau'), 's', 'text', '{}', 0, ?, ?)", key, status, ago(age));
    }

    void outbox(Db db, String key, String status, Duration age) {
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, next_attempt_at, created_at, sent_at) "
                + "VALUES (?, (SELECT id FROM unit WHERE code = 'mau'), 'web', 'r', 'TEXT', '{\"text\":\"Dạ.\",\"quickReplies\":[]}', ?, ?, ?, ?)", key, status, ago(age), ago(age),
                "SENT".equals(status) ? ago(age) : null);
    }

    @SuppressWarnings("unchecked")
    String chat(String text) {
        Map<String, Object> r = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", text)),
                Argument.mapOf(String.class, Object.class));
        return (String) r.get("conversationId");
    }

    @Test
    void oldRowsGoInSmallBatchesAndCasesAndUndeliveredMessagesStay() {
        Db db = new Db(dataSource);
        String s = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 5; i++) {
            inbox(db, s + "-old-" + i, "DONE", Duration.ofDays(31));
            outbox(db, s + "-sent-" + i, "SENT", Duration.ofDays(91));
        }
        inbox(db, s + "-young", "DONE", Duration.ofDays(29));
        inbox(db, s + "-rejected", "REJECTED", Duration.ofDays(40));
        outbox(db, s + "-failed", "FAILED", Duration.ofDays(200));
        outbox(db, s + "-recent", "SENT", Duration.ofDays(10));

        // A question answered a year and more ago; a complaint's conversation as old.
        String question = chat("lam khai sinh can gi");
        String complaint = chat("Đèn đường ngõ 9 thôn Đông tắt cả tuần nay, tối đi lại rất nguy hiểm");
        for (String payload : List.of("pa:area:0", "pa:skip", "pa:skip", "pa:confirm")) {
            http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("conversationId", complaint, "postback", payload)));
        }
        String conversations = "SELECT id FROM conversation WHERE channel = 'web' AND channel_user_id = ?";
        String q = db.one(conversations, question);
        String c = db.one(conversations, complaint);
        assertTrue(db.count("SELECT COUNT(*) FROM ticket WHERE conversation_id = ?", c) == 1, "the complaint filed a case");
        db.update("UPDATE message SET created_at = ? WHERE conversation_id IN (?, ?)", ago(Duration.ofDays(400)), q, c);
        long questionMessages = db.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", q);
        long caseMessages = db.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", c);
        assertTrue(questionMessages >= 2 && caseMessages >= 4, questionMessages + " " + caseMessages);

        Map<String, Integer> purged = job.runOnce();
        assertTrue(purged.get("inboxEvents") >= 5 && purged.get("sentOutbox") >= 5 && purged.get("messages") >= questionMessages, purged.toString());
        assertEquals(0, purged.get("photos"), "photos are kept with their case unless configured");
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE event_key LIKE ?", s + "-old-%"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM inbox_event WHERE event_key IN (?, ?)", s + "-young", s + "-rejected"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE ?", s + "-sent-%"));
        assertEquals(2, db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key IN (?, ?)", s + "-failed", s + "-recent"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", q));
        assertEquals(caseMessages, db.count("SELECT COUNT(*) FROM message WHERE conversation_id = ?", c));

        Map<String, Integer> again = job.runOnce();
        assertEquals(0, again.get("inboxEvents") + again.get("sentOutbox") + again.get("messages"), again.toString());
        // Leftovers other tests must not meet (an undelivered row in the administrators' list).
        db.update("DELETE FROM outbox WHERE dedupe_key IN (?, ?)", s + "-failed", s + "-recent");
        db.update("DELETE FROM inbox_event WHERE event_key IN (?, ?)", s + "-young", s + "-rejected");
    }
}
