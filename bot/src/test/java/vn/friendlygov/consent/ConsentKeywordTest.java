package vn.friendlygov.consent;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
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
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;
import static vn.friendlygov.support.SignedEvents.id;

/** Opt-out keywords over real Messenger webhooks, the real database and the fake Graph server. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsentKeywordTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
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

    private void say(String psid, String text, int expectedReplies) {
        String body = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), System.currentTimeMillis(), text);
        client.toBlocking().exchange(HttpRequest.POST("/webhooks/messenger", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Hub-Signature-256", SignedEvents.messengerSignature(body)), String.class);
        Eventually.await(Duration.ofSeconds(15), "reply " + expectedReplies + " to " + psid, () -> FAKES.sentTo(psid).size() >= expectedReplies);
    }

    private String optedOut(String psid) {
        return db.one("SELECT opted_out FROM follower WHERE channel = 'messenger' AND user_id = ?", psid);
    }

    @Test
    void stopAsTheVeryFirstMessageIsKeptThenOptInAndOutWithoutDiacritics() {
        String psid = id("psid");
        say(psid, "STOP", 1);
        assertTrue(Boolean.parseBoolean(optedOut(psid)) || "1".equals(optedOut(psid)), "opted out: " + optedOut(psid));
        String confirmation = FAKES.sentTo(psid).get(0).body();
        assertTrue(confirmation.contains("Article") && confirmation.contains("nhận tin"), confirmation);
        assertEquals("keyword", db.one("SELECT source FROM consent_event WHERE user_id = ? ORDER BY id DESC LIMIT 1", psid));
        // The keyword and its confirmation are in the resident's history though the bot did not answer it.
        assertEquals("IN:STOP", db.one("SELECT CONCAT(m.direction, ':', m.body) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? ORDER BY m.id LIMIT 1", psid));
        assertEquals(2, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.channel_user_id = ?", psid));

        say(psid, "Đăng ký nhận tin", 2);
        assertTrue("0".equals(optedOut(psid)) || "false".equals(optedOut(psid)), "opted back in: " + optedOut(psid));

        say(psid, "dung nhan tin!", 3);
        assertTrue("1".equals(optedOut(psid)) || "true".equals(optedOut(psid)), "opted out again: " + optedOut(psid));
        assertEquals(3, db.count("SELECT COUNT(*) FROM consent_event WHERE user_id = ?", psid));
    }

    /** Zalo -244 ("the user has restricted this message type from your OA"): skipped, and kept as the resident's opt-out. */
    @Test
    void aZaloUserWhoRestrictsTheOaIsOptedOutWithThePlatformAsTheSource() {
        String user = id("u");
        long ts = System.currentTimeMillis();
        FAKES.failZaloNext(200, "{\"error\":-244,\"message\":\"User has restricted this message type from your OA\"}");
        String text = SignedEvents.zaloText(SignedEvents.OA_ID, user, id("z"), ts, "xin chào");
        client.toBlocking().exchange(HttpRequest.POST("/webhooks/zalo", text).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-ZEvent-Signature", SignedEvents.zaloSignature(text, ts)), String.class);

        String row = "FROM outbox WHERE channel = 'zalo' AND recipient_id = ? ORDER BY id LIMIT 1";
        Eventually.await(Duration.ofSeconds(15), "the reply settled", () -> "SKIPPED".equals(db.one("SELECT status " + row, user)));
        assertEquals("opted_out", db.one("SELECT reason_code " + row, user));
        assertTrue(FAKES.sentTo(user).isEmpty());
        assertEquals("platform_error", db.one("SELECT source FROM consent_event WHERE channel = 'zalo' AND user_id = ? ORDER BY id DESC LIMIT 1", user));
        String out = db.one("SELECT opted_out FROM follower WHERE channel = 'zalo' AND user_id = ?", user);
        assertTrue("1".equals(out) || "true".equals(out), "opted out: " + out);
    }
}
