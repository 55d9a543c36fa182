package vn.friendlygov.channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.OA_ID;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;
import static vn.friendlygov.support.SignedEvents.id;

/**
 * Signed deliveries with items that cannot be read, or with fields larger than their columns:
 * nothing is lost, nothing is cut, and the platform is never made to deliver the same batch forever.
 * Real HTTP into the running server, the real database, the fake platforms.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookItemsTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    MeterRegistry metrics;

    Db db;

    @Override
    public Map<String, String> getProperties() {
        return FAKES.vinhBaoProperties();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    private HttpStatus messenger(String body) {
        return post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body));
    }

    private HttpStatus zalo(String body, long ts) {
        return post("/webhooks/zalo", body, "X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts));
    }

    private HttpStatus post(String path, String body, String header, String value) {
        try {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST(path, body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(header, value), String.class);
            return r.getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    private static String item(String psid, long ts, String message) {
        return "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts + ",\"message\":" + message + "}";
    }

    private static String batch(List<String> items) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":1,\"messaging\":[" + String.join(",", items) + "]}]}";
    }

    private double rejectedCount(String channel) {
        return metrics.counter("webhook.items.rejected", "channel", channel).count();
    }

    @Test
    void aPoisonItemAmong149GoodOnesIsKeptAsRejectedAndTheOthersAreAnsweredOnce() {
        long ts = System.currentTimeMillis();
        List<String> psids = new ArrayList<>();
        List<String> items = new ArrayList<>();
        String poisonPsid = id("poison");
        String poison = item(poisonPsid, ts, "{\"mid\":\"" + id("mid.") + "\",\"attachments\":[{\"type\":\"location\","
                + "\"payload\":{\"coordinates\":{\"long\":106.5083}}}]}");   // a location without lat
        for (int i = 0; i < 149; i++) {
            String psid = id("good");
            psids.add(psid);
            items.add(item(psid, ts + i, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"" + SignedEvents.escape("giờ làm việc của xã") + "\"}"));
            if (i == 74) {
                items.add(poison);
            }
        }
        String body = batch(items);
        double rejectedBefore = rejectedCount("messenger");

        assertEquals(HttpStatus.OK, messenger(body), "the delivery is acknowledged: sending it again would not mend the poison");
        Eventually.await(Duration.ofSeconds(60), "149 replies", () -> psids.stream().allMatch(p -> FAKES.sentTo(p).size() == 1));
        assertTrue(FAKES.sentTo(poisonPsid).isEmpty());
        String rejected = "SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ?";
        assertEquals(1, db.count(rejected, "%" + poisonPsid + "%"));
        String reason = db.one("SELECT error FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ?", "%" + poisonPsid + "%");
        assertTrue(reason.contains("location"), reason);
        String raw = db.one("SELECT payload FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ?", "%" + poisonPsid + "%");
        assertTrue(raw.contains("\"long\":106.5083") && raw.contains("\"coordinates\""), "the raw item is kept: " + raw);
        assertEquals(rejectedBefore + 1, rejectedCount("messenger"), "and counted");

        // Meta delivers again (it did not see the 200 in time, say): nothing is stored or answered twice.
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.stays(Duration.ofMillis(1500), "still one reply each", () -> psids.stream().allMatch(p -> FAKES.sentTo(p).size() == 1));
        assertEquals(1, db.count(rejected, "%" + poisonPsid + "%"));
        for (String p : psids) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ? AND status = 'DONE'", p), p);
        }
    }

    @Test
    void aStringTimestampAMissingSenderAndAZaloLocationWithoutLatitudeAreEachKeptAsRejected() {
        long ts = System.currentTimeMillis();
        String good = id("good");
        String stringTs = id("strts");
        String noSender = id("mid.nosender");
        String body = batch(List.of(
                "{\"sender\":{\"id\":\"" + stringTs + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":\"yesterday\","
                        + "\"message\":{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}}",
                "{\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts + ",\"message\":{\"mid\":\"" + noSender + "\",\"text\":\"xin chao\"}}",
                item(good, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}")));
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.await(Duration.ofSeconds(10), "the good one answered", () -> FAKES.sentTo(good).size() == 1);
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ?", "%" + stringTs + "%"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ? AND error LIKE '%sender%'",
                "%" + noSender + "%"));
        assertTrue(FAKES.sentTo(stringTs).isEmpty());

        String user = id("u");
        String msgId = id("zloc");
        String location = "{\"app_id\":\"" + SignedEvents.ZALO_APP_ID + "\",\"event_name\":\"user_send_location\",\"sender\":{\"id\":\"" + user
                + "\"},\"recipient\":{\"id\":\"" + OA_ID + "\"},\"message\":{\"msg_id\":\"" + msgId + "\",\"attachments\":[{\"type\":\"location\","
                + "\"payload\":{\"coordinates\":{\"longitude\":\"106.6564314\"}}}]},\"timestamp\":\"" + ts + "\"}";
        double before = rejectedCount("zalo");
        assertEquals(HttpStatus.OK, zalo(location, ts));
        assertEquals(HttpStatus.OK, zalo(location, ts), "delivered again: acknowledged, stored once");
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE channel = 'zalo' AND status = 'REJECTED' AND payload = ?", location),
                "the raw body, exactly as signed");
        assertEquals(before + 2, rejectedCount("zalo"));
        Eventually.stays(Duration.ofMillis(800), "nothing answered", () -> FAKES.sentTo(user).isEmpty());

        String zaloTs = "{\"app_id\":\"" + SignedEvents.ZALO_APP_ID + "\",\"event_name\":\"user_send_text\",\"sender\":{\"id\":\"" + user
                + "\"},\"recipient\":{\"id\":\"" + OA_ID + "\"},\"message\":{\"msg_id\":\"" + id("z") + "\",\"text\":\"hi\"},\"timestamp\":\"soon\"}";
        String sig = "mac=" + WebhookSignatures.zaloMac(zaloTs.getBytes(java.nio.charset.StandardCharsets.UTF_8), SignedEvents.ZALO_APP_ID,
                "soon", SignedEvents.ZALO_OA_SECRET);
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", zaloTs, "X-ZEvent-Signature", sig));
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload = ? AND error LIKE '%timestamp%'", zaloTs));
    }

    @Test
    void anEntryWithoutAPageIdIsKeptAsRejectedBesideAGoodEntry() {
        long ts = System.currentTimeMillis();
        String good = id("good");
        String orphan = id("orphan");
        String body = "{\"object\":\"page\",\"entry\":["
                + "{\"time\":1,\"messaging\":[" + item(orphan, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}") + "]},"
                + "{\"id\":\"" + PAGE_ID + "\",\"time\":1,\"messaging\":[" + item(good, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}") + "]}]}";
        double before = rejectedCount("messenger");
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.await(Duration.ofSeconds(10), "the good entry answered", () -> FAKES.sentTo(good).size() == 1);
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ? AND error LIKE '%page id%'",
                "%" + orphan + "%"), "kept, with the reason");
        assertEquals(before + 1, rejectedCount("messenger"), "and counted");
        assertTrue(FAKES.sentTo(orphan).isEmpty());
    }

    @Test
    void aResidentsMessageToAnUnknownPageIsKeptAsRejectedBesideAGoodEntry() {
        long ts = System.currentTimeMillis();
        String good = id("good");
        String stray = id("stray");
        String body = "{\"object\":\"page\",\"entry\":["
                + "{\"id\":\"999999\",\"time\":1,\"messaging\":[" + item(stray, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}") + "]},"
                + "{\"id\":\"" + PAGE_ID + "\",\"time\":1,\"messaging\":[" + item(good, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}") + "]}]}";
        double before = rejectedCount("messenger");
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.await(Duration.ofSeconds(10), "the good entry answered", () -> FAKES.sentTo(good).size() == 1);
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ? AND error = 'unknown page 999999'",
                "%" + stray + "%"), "kept, with the reason");
        assertEquals(before + 1, rejectedCount("messenger"), "and counted");
        assertTrue(FAKES.sentTo(stray).isEmpty());
    }

    @Test
    void aSenderIdLongerThanItsColumnIsRejectedNeverCutAndNothingGoesToTheCutId() {
        long ts = System.currentTimeMillis();
        String longId = id("long") + "7".repeat(300 - 16);
        String cut = longId.substring(0, 128);
        String text = item(longId, ts, "{\"mid\":\"" + id("mid.") + "\",\"text\":\"xin chao\"}");
        assertEquals(HttpStatus.OK, messenger(batch(List.of(text))));
        String zalo = SignedEvents.zaloText(OA_ID, longId, id("z"), ts, "xin chào");
        assertEquals(HttpStatus.OK, zalo(zalo, ts));
        assertEquals(2, db.count("SELECT COUNT(*) FROM inbox_event WHERE status = 'REJECTED' AND payload LIKE ? AND error LIKE ?",
                "%" + longId + "%", "%longer than 128%"), "both kept whole, as rejected");
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", cut));
        Eventually.stays(Duration.ofMillis(1500), "no reply to anyone", () -> FAKES.sentTo(cut).isEmpty() && FAKES.sentTo(longId).isEmpty());
        assertEquals(0, db.count("SELECT COUNT(*) FROM outbox WHERE recipient_id = ?", cut));
    }

    @Test
    void aMessageIdLongerThanItsColumnIsKeyedByItsHashSoRedeliveryIsStillCaught() {
        long ts = System.currentTimeMillis();
        String psid = id("psid");
        String prefix = id("m_") + "x".repeat(200);
        String mid = prefix + "-1";
        String other = prefix + "-2";   // the same first 191 characters: cut, the second would be dropped as a duplicate
        String body = batch(List.of(item(psid, ts, "{\"mid\":\"" + mid + "\",\"text\":\"xin chao\"}"),
                item(psid, ts + 1, "{\"mid\":\"" + other + "\",\"text\":\"cảm ơn\"}")));
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.await(Duration.ofSeconds(10), "both answered", () -> FAKES.sentTo(psid).size() == 2);
        assertEquals(HttpStatus.OK, messenger(body));
        Eventually.stays(Duration.ofMillis(1500), "once each", () -> FAKES.sentTo(psid).size() == 2);
        assertEquals(2, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", psid));
    }

    @Test
    void a200KbMessageIsKeptWholeAndAnsweredThatItIsTooLong() {
        String user = id("u");
        long ts = System.currentTimeMillis();
        String text = "Kính gửi UBND xã ".repeat(10) + "a".repeat(200_000);
        String body = SignedEvents.zaloText(OA_ID, user, id("z"), ts, text);
        assertTrue(body.length() > 200_000 && body.length() < 262_144, "within the server's request limit: " + body.length());
        assertEquals(HttpStatus.OK, zalo(body, ts));
        Eventually.await(Duration.ofSeconds(15), "an answer", () -> FAKES.sentTo(user).size() == 1);
        String answer = FAKES.sentTo(user).get(0).body();
        assertTrue(answer.contains("d\\u00e0i qu\\u00e1") || answer.contains("dài quá"), "says it is too long: " + answer);
        assertEquals("DONE", db.one("SELECT status FROM inbox_event WHERE sender_id = ?", user));
        assertEquals(String.valueOf(text.length()), db.one("SELECT CHAR_LENGTH(m.body) FROM message m JOIN conversation c "
                + "ON c.id = m.conversation_id WHERE c.channel_user_id = ? AND m.direction = 'IN'", user), "kept whole in the conversation");
        assertTrue(db.count("SELECT CHAR_LENGTH(payload) FROM inbox_event WHERE sender_id = ?", user) > text.length(), "and in the inbox");
        Eventually.stays(Duration.ofMillis(800), "answered once", () -> FAKES.sentTo(user).size() == 1);
    }
}
