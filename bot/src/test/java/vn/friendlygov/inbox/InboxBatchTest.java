package vn.friendlygov.inbox;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static vn.friendlygov.support.SignedEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.OA_ID;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;

/**
 * The inbox handles the pending events of several residents in one transaction. With a single
 * lane held inside a batch (its transaction waits for a row lock this test holds), everything
 * that arrives meanwhile is handed over as ONE batch when the lock is let go: these tests make the
 * batches they check, rather than hoping for them.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxBatchTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    /** Procedure questions, each answered with one message that names its procedure. */
    static final List<String> QUESTIONS = List.of("làm giấy khai sinh cần giấy tờ gì", "thủ tục đăng ký kết hôn",
            "chứng thực bản sao bao nhiêu tiền", "đăng ký khai tử cần những gì", "đăng ký thường trú cần giấy tờ gì");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    InboxService inbox;
    @Inject
    JsonMapper json;

    Db db;
    DataSource plain;
    private boolean leftoversRetired;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        // One lane: every resident's events queue behind the batch in hand.
        p.put("inbox.lanes", "1");
        // The tests call the recovery themselves.
        p.put("inbox.recovery-interval", "1h");
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
        plain = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource);
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        if (!leftoversRetired) {
            db.update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test run' WHERE status = 'PENDING'");
            leftoversRetired = true;
        }
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    // --- helpers ----------------------------------------------------------------------------------

    private HttpStatus post(String path, String body, String header, String value) {
        try {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST(path, body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(header, value), String.class);
            return r.getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    private void postMessenger(String body) {
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
    }

    private void postZalo(String body, long ts) {
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", body, "X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts)));
    }

    record Msg(String sender, long ts, String text) {
    }

    /** One Messenger webhook POST carrying many messages, in the order given. */
    private static String messengerBatch(List<Msg> items) {
        StringBuilder b = new StringBuilder("{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":"
                + System.currentTimeMillis() + ",\"messaging\":[");
        for (int i = 0; i < items.size(); i++) {
            Msg m = items.get(i);
            b.append(i == 0 ? "" : ",").append("{\"sender\":{\"id\":\"").append(m.sender()).append("\"},\"recipient\":{\"id\":\"")
                    .append(PAGE_ID).append("\"},\"timestamp\":").append(m.ts()).append(",\"message\":{\"mid\":\"").append(id("m."))
                    .append("\",\"text\":\"").append(SignedEvents.escape(m.text())).append("\"}}");
        }
        return b.append("]}]}").toString();
    }

    /** The text a fake platform received (Messenger and Zalo both send message.text). */
    @SuppressWarnings("unchecked")
    private String text(FakePlatforms.Sent s) {
        try {
            Map<String, Object> body = json.readValue(s.body(), Map.class);
            return (String) ((Map<String, Object>) body.get("message")).get("text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> column(String sql, Object... args) {
        try (Connection c = plain.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> messages(String channel, String sender, String direction, String column) {
        return column("SELECT m." + column + " FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.channel = ? "
                + "AND c.channel_user_id = ? AND m.direction = ? ORDER BY m.id", channel, sender, direction);
    }

    /**
     * Holds the only lane inside a batch: a resident's conversation row is locked here, then the
     * resident writes; the lane's transaction waits for the lock. Whatever is queued until
     * {@link #close} is handed to the lane as one batch.
     */
    final class HeldLane implements AutoCloseable {
        private final Connection lock;

        HeldLane() throws SQLException {
            String psid = id("hold");
            long ts = System.currentTimeMillis();
            postMessenger(SignedEvents.messengerText(PAGE_ID, psid, id("mid."), ts, "xin chào"));
            Eventually.await(Duration.ofSeconds(10), "the holder's conversation", () -> FAKES.sentTo(psid).size() == 1);
            // The name fetched in the background updates the conversation row too: let it land before the row is locked.
            Eventually.await(Duration.ofSeconds(10), "the holder's name", () -> db.one("SELECT display_name FROM conversation "
                    + "WHERE channel = 'messenger' AND channel_user_id = ?", psid) != null);
            lock = plain.getConnection();
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement(
                    "SELECT id FROM conversation WHERE channel = 'messenger' AND channel_user_id = ? FOR UPDATE")) {
                ps.setString(1, psid);
                ps.executeQuery().close();
            }
            postMessenger(SignedEvents.messengerText(PAGE_ID, psid, id("mid."), ts + 1, "cảm ơn"));
            // The lane's locking read of the holder's conversation is under way (it cannot finish while the lock is held).
            // MariaDB does not list a lock wait in INNODB_TRX while it happens in the optimizer's const-table read, so look
            // at the statement itself (Connector/J sends the values inline).
            try {
                Eventually.await(Duration.ofSeconds(10), "the lane waiting for the holder's lock",
                        () -> db.count("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND COMMAND = 'Query' "
                                + "AND INFO LIKE 'SELECT%FROM conversation%FOR UPDATE' AND INFO LIKE ?", "%" + psid + "%") > 0);
            } catch (AssertionError e) {
                String state = "processes: " + column("SELECT CONCAT(ID, ' ', COMMAND, ' ', TIME, ' ', COALESCE(STATE, '-'), ' ', "
                        + "COALESCE(LEFT(INFO, 160), '-')) FROM information_schema.PROCESSLIST WHERE DB = DATABASE()")
                        + "; holder's events: " + column("SELECT CONCAT(status, ' ', attempts) FROM inbox_event WHERE sender_id = ?", psid);
                lock.rollback();
                lock.close();
                throw new AssertionError(e.getMessage() + "; " + state, e);
            }
        }

        @Override
        public void close() throws SQLException {
            lock.commit();
            lock.close();
        }
    }

    // --- tests ------------------------------------------------------------------------------------

    /**
     * A burst from many residents on both platforms, several events each, delivered out of order,
     * lands in one batch: each event is answered exactly once, each resident's in platform-timestamp
     * order, and the answers reach the platform in that order.
     */
    @Test
    void aBurstFromManyResidentsIsOneBatchAnsweredOnceEachInTimestampOrder() throws Exception {
        long base = System.currentTimeMillis();
        Map<String, List<Msg>> byResident = new HashMap<>();   // sender -> events in the order they were SENT
        List<Msg> messenger = new ArrayList<>();
        for (int r = 0; r < 8; r++) {
            String psid = id("burst");
            List<Integer> order = new ArrayList<>(List.of(0, 1, 2));
            Collections.shuffle(order);
            List<Msg> mine = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                // Timestamps permuted: the position in the webhook body says nothing about the order sent.
                mine.add(new Msg(psid, base + order.get(k), QUESTIONS.get((r + k) % QUESTIONS.size())));
            }
            messenger.addAll(mine);
            byResident.put("messenger/" + psid, mine);
        }
        Collections.shuffle(messenger);
        List<Msg> zalo = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            String user = id("zb");
            List<Msg> mine = List.of(new Msg(user, base + 2, QUESTIONS.get(r)), new Msg(user, base, QUESTIONS.get(r + 1)),
                    new Msg(user, base + 1, QUESTIONS.get(r + 2)));
            zalo.addAll(mine);
            byResident.put("zalo/" + user, mine);
        }
        // "2" picks the second choice offered by the answer before it: right only if that answer came first.
        String chooser = id("zc");
        List<Msg> choosing = List.of(new Msg(chooser, base + 5, "2"), new Msg(chooser, base + 4, "dang ky ket hon mat bao lau"));
        byResident.put("zalo/" + chooser, choosing);

        try (HeldLane held = new HeldLane()) {
            postMessenger(messengerBatch(messenger));
            for (Msg m : zalo) {
                postZalo(SignedEvents.zaloText(OA_ID, m.sender(), id("z"), m.ts(), m.text()), m.ts());
            }
            for (Msg m : choosing) {
                postZalo(SignedEvents.zaloText(OA_ID, m.sender(), id("z"), m.ts(), m.text()), m.ts());
            }
            List<String> senders = byResident.keySet().stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
            assertEquals(byResident.values().stream().mapToInt(List::size).sum(), db.count("SELECT COUNT(*) FROM inbox_event "
                    + "WHERE status = 'PENDING' AND sender_id IN (" + String.join(",", Collections.nCopies(senders.size(), "?")) + ")",
                    senders.toArray()), "all stored, none handled while the lane is held");
        }

        for (var e : byResident.entrySet()) {
            String channel = e.getKey().substring(0, e.getKey().indexOf('/'));
            String sender = e.getKey().substring(channel.length() + 1);
            int events = e.getValue().size();
            Eventually.await(Duration.ofSeconds(20), events + " replies to " + e.getKey(), () -> FAKES.sentTo(sender).size() >= events);
        }
        Eventually.stays(Duration.ofMillis(1000), "no second reply to anyone",
                () -> byResident.entrySet().stream().allMatch(e -> FAKES.sentTo(e.getKey().substring(e.getKey().indexOf('/') + 1)).size()
                        == e.getValue().size()));

        List<String> senders = byResident.keySet().stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
        String in = String.join(",", Collections.nCopies(senders.size(), "?"));
        assertEquals(1, db.count("SELECT COUNT(DISTINCT processed_at) FROM inbox_event WHERE sender_id IN (" + in + ")",
                senders.toArray()), "the burst was handled in one transaction");
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE (status <> 'DONE' OR attempts <> 1) AND sender_id IN (" + in + ")",
                senders.toArray()), "every event handled once, first time");

        for (var e : byResident.entrySet()) {
            String channel = e.getKey().substring(0, e.getKey().indexOf('/'));
            String sender = e.getKey().substring(channel.length() + 1);
            List<String> expected = e.getValue().stream().sorted(Comparator.comparingLong(Msg::ts)).map(Msg::text).toList();
            assertEquals(expected, messages(channel, sender, "IN", "body"), "handled in the order sent: " + e.getKey());
            List<String> answers = messages(channel, sender, "OUT", "body");
            assertEquals(expected.size(), answers.size(), "one answer per message: " + e.getKey());
            List<String> received = FAKES.sentTo(sender).stream().map(this::text).toList();
            for (int i = 0; i < answers.size(); i++) {
                String answer = answers.get(i);
                assertTrue(received.get(i).startsWith(answer.substring(0, Math.min(60, answer.length()))),
                        e.getKey() + ": reply " + (i + 1) + " should answer '" + expected.get(i) + "' (" + answer + ") but was: " + received.get(i));
            }
        }
        assertEquals(List.of("ket-hon", "ket-hon"), messages("zalo", chooser, "IN", "match_id"),
                "'2' read against the choices of the answer sent just before it");
    }

    /**
     * One webhook carrying more events than one INSERT holds (a hundred): stored whole before its
     * 200 (the writer then uses a transaction, not autocommit), each answered once; delivered again,
     * nothing new is stored.
     */
    @Test
    void aWebhookWithMoreEventsThanOneStatementHoldsIsStoredWholeAndOnce() {
        long ts = System.currentTimeMillis();
        List<Msg> items = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            items.add(new Msg(id("big"), ts + i, QUESTIONS.get(i % QUESTIONS.size())));
        }
        String body = messengerBatch(items);
        String[] senders = items.stream().map(Msg::sender).toArray(String[]::new);
        String in = String.join(",", Collections.nCopies(senders.length, "?"));
        postMessenger(body);
        assertEquals(150, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id IN (" + in + ")", (Object[]) senders),
                "all 150 stored before the 200");
        postMessenger(body);
        assertEquals(150, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id IN (" + in + ")", (Object[]) senders),
                "the second delivery stored nothing");
        for (String sender : senders) {
            Eventually.await(Duration.ofSeconds(20), "a reply to " + sender, () -> FAKES.sentTo(sender).size() == 1);
        }
    }

    /**
     * A resident whose event cannot be handled (its stored payload is not JSON) shares a batch with
     * two others: the batch fails, each resident is retried alone, the others are answered once,
     * and the bad event is counted, kept with its error and, after five attempts, set aside so the
     * resident's later events go through.
     */
    @Test
    void aPoisonEventDoesNotHoldUpTheOthersInItsBatch() throws Exception {
        String poisoned = id("poison");
        String b = id("okb");
        String c = id("okc");
        String unitId = db.one("SELECT id FROM unit WHERE code = 'vinh-bao'");
        Timestamp old = Timestamp.from(Instant.now().minusSeconds(60));   // old enough for the recovery to pick up
        String insert = "INSERT INTO inbox_event (channel, event_key, unit_id, sender_id, event_type, payload, platform_ts, status, "
                + "attempts, received_at) VALUES ('messenger', ?, ?, ?, 'MESSAGE', ?, ?, 'PENDING', 0, ?)";
        long ts = System.currentTimeMillis();

        try (HeldLane held = new HeldLane()) {
            db.update(insert, id("mid."), unitId, poisoned, "{\"text\": \"khai sinh", ts, old);
            // The same resident's next message waits behind the bad one (order is kept).
            db.update(insert, id("mid."), unitId, poisoned, "{\"text\":\"đăng ký khai tử cần những gì\",\"attachments\":[]}", ts + 1, old);
            postMessenger(messengerBatch(List.of(new Msg(b, ts, "thủ tục đăng ký kết hôn"), new Msg(c, ts, "chứng thực bản sao bao nhiêu tiền"))));
            inbox.recover();
        }

        Eventually.await(Duration.ofSeconds(15), "B and C answered", () -> FAKES.sentTo(b).size() == 1 && FAKES.sentTo(c).size() == 1);
        Eventually.await(Duration.ofSeconds(5), "the failure counted", () -> db.count("SELECT COUNT(*) FROM inbox_event "
                + "WHERE sender_id = ? AND attempts >= 1", poisoned) == 1);
        Eventually.stays(Duration.ofMillis(1000), "B and C answered once, the poisoned resident not at all",
                () -> FAKES.sentTo(b).size() == 1 && FAKES.sentTo(c).size() == 1 && FAKES.sentTo(poisoned).isEmpty());
        assertEquals(List.of("DONE 1", "DONE 1"), column("SELECT CONCAT(status, ' ', attempts) FROM inbox_event WHERE sender_id IN (?, ?)", b, c));
        String first = "SELECT %s FROM inbox_event WHERE sender_id = ? ORDER BY platform_ts LIMIT 1";
        // (The start-up recovery, 5 s after the context started, may have made a second attempt already.)
        assertEquals("PENDING", db.one(first.formatted("status"), poisoned));
        String error = db.one(first.formatted("error"), poisoned);
        assertNotNull(error, "the error is recorded");
        assertTrue(error.contains("IOException") || error.contains("JSON") || error.contains("json"), error);
        assertEquals("PENDING 0", db.one("SELECT CONCAT(status, ' ', attempts) FROM inbox_event WHERE sender_id = ? ORDER BY platform_ts DESC LIMIT 1", poisoned),
                "the later event is not counted against");

        // Each recovery is one more attempt; the fifth sets the event aside.
        for (int i = 0; i < 8 && "PENDING".equals(db.one(first.formatted("status"), poisoned)); i++) {
            long before = Long.parseLong(db.one(first.formatted("attempts"), poisoned));
            inbox.recover();
            Eventually.await(Duration.ofSeconds(5), "attempt " + (before + 1), () -> Long.parseLong(db.one(first.formatted("attempts"), poisoned)) > before);
        }
        assertEquals("FAILED 5", db.one(first.formatted("CONCAT(status, ' ', attempts)"), poisoned));
        assertNotNull(db.one(first.formatted("processed_at"), poisoned));

        // With the bad event set aside, the resident's next message is answered.
        inbox.recover();
        Eventually.await(Duration.ofSeconds(10), "the poisoned resident's later message answered", () -> FAKES.sentTo(poisoned).size() == 1);
        assertEquals("khai-tu", messages("messenger", poisoned, "IN", "match_id").get(0));
        assertEquals(1, FAKES.sentTo(b).size());
        assertEquals(1, FAKES.sentTo(c).size());
    }
}
