package vn.friendlygov.outbox;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.channel.web.WebSender;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static vn.friendlygov.support.SignedEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.OA_ID;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;

/**
 * Sends left in doubt by a crash (claimed, the platform maybe accepted them, the outcome never
 * recorded) are checked with the platform before being sent again. A row is put in the state a
 * {@code kill -9} leaves (claimed_at set, lease run out) directly in the database; the fake
 * platforms answer the conversation look-ups from the messages they really accepted.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OutboxReconcileTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\"\\s*:\\s*\"([^\"]+)\"");

    @Inject
    DataSource dataSource;
    @Inject
    ObjectMapper json;
    @Inject
    WebSender webSender;
    @Inject
    UnitRepository unitRepository;

    private final HttpClient http = HttpClient.newHttpClient();
    private Db db;
    private long unitId;
    private boolean leftoversRetired;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        return p;
    }

    private static boolean leftoversSettled;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        if (!leftoversSettled) {
            db.settleOutboxLeftovers();
            leftoversSettled = true;
        }
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        unitId = Long.parseLong(db.one("SELECT id FROM unit WHERE code = 'vinh-bao'"));
        if (!leftoversRetired) {
            // Rows left by earlier test classes would ask (and spend the faults of) this class's fakes.
            db.update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test run' WHERE status = 'PENDING'");
            leftoversRetired = true;
        }
    }

    /**
     * The claim reads pending rows through their own index in priority and due-time order. Left to itself MariaDB
     * picked other plans (here: the due-time index and a sort of every pending row; in the storm:
     * a walk of the primary key through every message ever sent, 372 ms per claim at 116k rows).
     */
    @Test
    void theClaimReadsPendingRowsThroughTheirIndex() {
        String prefix = id("test:hist:");
        try {
            for (int i = 0; i < 1600; i++) {
                // Pending ones are due tomorrow: this class's dispatcher leaves them alone.
                db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, "
                        + "next_attempt_at, created_at) VALUES (?, ?, 'messenger', ?, 'REPLY', '{}', ?, 1, ?, NOW())",
                        prefix + i, unitId, prefix + (i % 400), i % 4 == 0 ? "PENDING" : "SENT",
                        Timestamp.from(Instant.now().plus(Duration.ofDays(1))));
            }
            db.column("ANALYZE TABLE outbox", "Msg_text");   // fresh statistics, as after a busy day
            String explain = "EXPLAIN " + OutboxStore.DUE.replace(":now", "NOW()").replace(":limit", "200");
            assertEquals("ix_outbox_pending_due", db.column(explain, "key"));
        } finally {
            db.update("DELETE FROM outbox WHERE dedupe_key LIKE ?", prefix + "%");
        }
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    /** The resident wrote a minute ago: inside both platforms' windows. */
    private void touch(String channel, String user) {
        Instant now = Instant.now();
        db.update("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "VALUES (?, ?, ?, TRUE, FALSE, ?, ?)", unitId, channel, user, Timestamp.from(now.minusSeconds(60)), Timestamp.from(now));
    }

    /**
     * What the service sent before it was killed: the same request to the fake platform, which
     * accepts it and answers its message id.
     */
    private String deliveredBeforeTheCrash(String channel, String user, String platformText) throws Exception {
        String text = SignedEvents.escape(platformText);
        HttpRequest request = Channels.MESSENGER.equals(channel)
                ? HttpRequest.newBuilder(URI.create(FAKES.base() + "/graph/me/messages?access_token=" + FakePlatforms.PAGE_TOKEN))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"recipient\":{\"id\":\"" + user + "\"},\"messaging_type\":\"RESPONSE\","
                        + "\"message\":{\"text\":\"" + text + "\"}}")).build()
                : HttpRequest.newBuilder(URI.create(FAKES.base() + "/zalo/v3.0/oa/message/cs"))
                .header("Content-Type", "application/json").header("access_token", FAKES.zaloAccessToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"recipient\":{\"user_id\":\"" + user + "\"},\"message\":{\"text\":\"" + text + "\"}}"))
                .build();
        String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = MESSAGE_ID.matcher(body);
        assertTrue(m.find(), body);
        assertEquals(1, FAKES.sentTo(user).size());
        return m.group(1);
    }

    /** The row as a kill -9 leaves it: claimed (attempt counted, claimed_at set), the lease run out, no outcome. */
    private long rowInDoubt(String channel, String user, Reply reply, Instant claimedAt) throws IOException {
        String key = id("test:doubt:");
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                        + "created_at, claimed_at) VALUES (?, ?, ?, ?, 'REPLY', ?, 'PENDING', 1, ?, ?, ?)", key, unitId, channel, user,
                json.writeValueAsString(reply), Timestamp.from(Instant.now().minusSeconds(1)),
                Timestamp.from(claimedAt.minusSeconds(1)), Timestamp.from(claimedAt));
        return Long.parseLong(db.one("SELECT id FROM outbox WHERE dedupe_key = ?", key));
    }

    private String status(long row) {
        return db.one("SELECT status FROM outbox WHERE id = ?", row);
    }

    private void awaitSent(long row) {
        Eventually.await(Duration.ofSeconds(15), "row " + row + " sent", () -> "SENT".equals(status(row)));
    }

    @Test
    void messengerRowInDoubtThatThePageAlreadySentIsRecordedAndNotSentAgain() throws Exception {
        String psid = id("psid");
        String text = "Dạ, bộ phận một cửa làm việc sáng 7:30–11:30, chiều 13:30–17:00.";
        touch(Channels.MESSENGER, psid);
        String platformId = deliveredBeforeTheCrash(Channels.MESSENGER, psid, text);
        long lookups = FAKES.lookups();

        long row = rowInDoubt(Channels.MESSENGER, psid, Reply.of(text), Instant.now().minusSeconds(3));

        awaitSent(row);
        assertEquals(platformId, db.one("SELECT platform_message_id FROM outbox WHERE id = ?", row));
        assertNull(db.one("SELECT claimed_at FROM outbox WHERE id = ?", row), "the outcome is recorded");
        assertEquals("2", db.one("SELECT attempts FROM outbox WHERE id = ?", row), "the crashed claim and the one that asked");
        assertTrue(FAKES.lookups() > lookups, "the platform was asked");
        Eventually.stays(Duration.ofMillis(800), "not sent again", () -> FAKES.sentTo(psid).size() == 1);
    }

    @Test
    void zaloRowInDoubtThatTheOaAlreadySentIsRecordedAndNotSentAgain() throws Exception {
        String user = id("u");
        Reply reply = new Reply("Anh/chị muốn hỏi thủ tục nào?",
                List.of(new Reply.QuickReply("Khai sinh", "KHAI_SINH"), new Reply.QuickReply("Kết hôn", "KET_HON")));
        touch(Channels.ZALO, user);
        // On Zalo the choices travel as a numbered list in the text: that is what the OA sent.
        String platformId = deliveredBeforeTheCrash(Channels.ZALO, user,
                "Anh/chị muốn hỏi thủ tục nào?\n\nAnh/chị nhắn số để chọn:\n1. Khai sinh\n2. Kết hôn");

        long row = rowInDoubt(Channels.ZALO, user, reply, Instant.now().minusSeconds(3));

        awaitSent(row);
        assertEquals(platformId, db.one("SELECT platform_message_id FROM outbox WHERE id = ?", row));
        assertNull(db.one("SELECT claimed_at FROM outbox WHERE id = ?", row));
        Eventually.stays(Duration.ofMillis(800), "not sent again", () -> FAKES.sentTo(user).size() == 1);
    }

    @Test
    void rowsInDoubtThatNeverReachedThePlatformAreSentExactlyOnce() throws Exception {
        String psid = id("psid");
        String user = id("u");
        touch(Channels.MESSENGER, psid);
        touch(Channels.ZALO, user);
        long lookups = FAKES.lookups();

        long m = rowInDoubt(Channels.MESSENGER, psid, Reply.of("Dạ, lệ phí chứng thực bản sao là 2.000 đồng/trang."), Instant.now().minusSeconds(3));
        long z = rowInDoubt(Channels.ZALO, user, Reply.of("Dạ, lệ phí chứng thực bản sao là 2.000 đồng/trang."), Instant.now().minusSeconds(3));

        awaitSent(m);
        awaitSent(z);
        Eventually.stays(Duration.ofMillis(800), "each sent once", () -> FAKES.sentTo(psid).size() == 1 && FAKES.sentTo(user).size() == 1);
        assertEquals(FAKES.sentTo(psid).get(0).id(), db.one("SELECT platform_message_id FROM outbox WHERE id = ?", m));
        assertEquals(FAKES.sentTo(user).get(0).id(), db.one("SELECT platform_message_id FROM outbox WHERE id = ?", z));
        assertTrue(FAKES.lookups() >= lookups + 2, "both platforms were asked first");
    }

    @Test
    void aFailedLookupSendsNothingAndIsTriedAgain() throws Exception {
        String psid = id("psid");
        String user = id("u");
        String text = "Dạ, hồ sơ của anh/chị đã được tiếp nhận.";
        touch(Channels.MESSENGER, psid);
        touch(Channels.ZALO, user);
        String messengerId = deliveredBeforeTheCrash(Channels.MESSENGER, psid, text);
        String zaloId = deliveredBeforeTheCrash(Channels.ZALO, user, text);
        FAKES.failMessengerLookupNext(500, "{\"error\":{\"message\":\"An unexpected error has occurred.\",\"type\":\"OAuthException\",\"code\":2}}");
        FAKES.failMessengerLookupNext(503, "");
        // Zalo answers errors with HTTP 200 and a non-zero "error".
        FAKES.failZaloLookupNext(200, "{\"error\":-32,\"message\":\"Your application reached limit call api\"}");
        FAKES.failZaloLookupNext(500, "");
        long lookups = FAKES.lookups();

        long m = rowInDoubt(Channels.MESSENGER, psid, Reply.of(text), Instant.now().minusSeconds(3));
        long z = rowInDoubt(Channels.ZALO, user, Reply.of(text), Instant.now().minusSeconds(3));

        awaitSent(m);
        awaitSent(z);
        // Had a failed check sent blindly, the fakes would hold two of each.
        Eventually.stays(Duration.ofMillis(800), "nothing sent", () -> FAKES.sentTo(psid).size() == 1 && FAKES.sentTo(user).size() == 1);
        assertEquals(messengerId, db.one("SELECT platform_message_id FROM outbox WHERE id = ?", m));
        assertEquals(zaloId, db.one("SELECT platform_message_id FROM outbox WHERE id = ?", z));
        assertEquals("4", db.one("SELECT attempts FROM outbox WHERE id = ?", m), "the crashed claim, two failed checks, the one that answered");
        assertEquals("4", db.one("SELECT attempts FROM outbox WHERE id = ?", z));
        assertEquals(lookups + 6, FAKES.lookups(), "two failed look-ups and one that answered, per platform");
    }

    @Test
    void theSameTextSentEarlierAndRecordedIsNotTakenForTheRowInDoubt() throws Exception {
        String psid = id("psid");
        String text = "Dạ, anh/chị vui lòng mang theo căn cước.";
        touch(Channels.MESSENGER, psid);
        String earlierId = deliveredBeforeTheCrash(Channels.MESSENGER, psid, text);
        // The earlier message is another row's, recorded with its id, a moment before the crashed claim.
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                        + "platform_message_id, created_at, sent_at) VALUES (?, ?, 'messenger', ?, 'REPLY', ?, 'SENT', 1, ?, ?, ?, ?)",
                id("test:earlier:"), unitId, psid, json.writeValueAsString(Reply.of(text)), Timestamp.from(Instant.now()), earlierId,
                Timestamp.from(Instant.now().minusSeconds(5)), Timestamp.from(Instant.now()));

        long row = rowInDoubt(Channels.MESSENGER, psid, Reply.of(text), Instant.now().minusSeconds(1));

        awaitSent(row);
        Eventually.stays(Duration.ofMillis(800), "sent once more, not twice", () -> FAKES.sentTo(psid).size() == 2);
        String id = db.one("SELECT platform_message_id FROM outbox WHERE id = ?", row);
        assertNotEquals(earlierId, id);
        assertEquals(FAKES.sentTo(psid).get(1).id(), id);
    }

    @Test
    void theSameTextSentBeforeTheClaimIsNotTakenForTheRowInDoubt() throws Exception {
        String user = id("u");
        String text = "Dạ, xã đã nhận phản ánh của anh/chị.";
        touch(Channels.ZALO, user);
        deliveredBeforeTheCrash(Channels.ZALO, user, text);
        FAKES.age(user, Duration.ofMinutes(5));   // long before the crashed claim, beyond the clock margin

        long row = rowInDoubt(Channels.ZALO, user, Reply.of(text), Instant.now().minusSeconds(3));

        awaitSent(row);
        Eventually.stays(Duration.ofMillis(800), "sent once more", () -> FAKES.sentTo(user).size() == 2);
        assertEquals(FAKES.sentTo(user).get(1).id(), db.one("SELECT platform_message_id FROM outbox WHERE id = ?", row));
    }

    @Test
    void aClaimStampsTheRowAndTheRecordedOutcomeClearsIt() throws Exception {
        String psid = id("psid");
        touch(Channels.MESSENGER, psid);
        long lookups = FAKES.lookups();
        FAKES.setDelayMs(700);   // the send is in flight long enough to look at the row
        try {
            db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                            + "created_at) VALUES (?, ?, 'messenger', ?, 'REPLY', ?, 'PENDING', 0, ?, ?)", id("test:fresh:"), unitId, psid,
                    json.writeValueAsString(Reply.of("Dạ, xin chào anh/chị.")), Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
            Eventually.await(Duration.ofSeconds(10), "claimed and stamped",
                    () -> db.one("SELECT claimed_at FROM outbox WHERE recipient_id = ? AND status = 'PENDING'", psid) != null);
        } finally {
            FAKES.setDelayMs(0);
        }
        Eventually.await(Duration.ofSeconds(10), "sent", () -> "SENT".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", psid)));
        assertNull(db.one("SELECT claimed_at FROM outbox WHERE recipient_id = ?", psid));
        assertEquals(lookups, FAKES.lookups(), "a fresh row is not in doubt: nobody is asked");
    }

    @Test
    void theWebMailboxTakesARepeatedSendOnce() {
        Unit unit = unitRepository.findByCode("vinh-bao").orElseThrow();
        String chat = id("web");
        Instant now = Instant.now();
        Delivery first = new Delivery(unit, chat, MessageKind.UPDATE, Reply.of("Dạ, hồ sơ đã có kết quả."), now, now, id("test:web:"));
        SendResult a = webSender.send(first);
        SendResult again = webSender.send(first);   // as after a crash before "sent" was recorded
        assertEquals(a, again);
        assertEquals(1, db.count("SELECT COUNT(*) FROM web_mailbox WHERE conversation_key = ?", chat));
        SendResult next = webSender.send(new Delivery(unit, chat, MessageKind.UPDATE, Reply.of("Mời anh/chị đến nhận."), now, now, id("test:web:")));
        assertEquals(new SendResult.Sent("web:2"), next);
        assertEquals(2, db.count("SELECT COUNT(*) FROM web_mailbox WHERE conversation_key = ?", chat));
    }
}
