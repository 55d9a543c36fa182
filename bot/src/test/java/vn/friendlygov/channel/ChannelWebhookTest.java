package vn.friendlygov.channel;

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
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.inbox.InboxService;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static vn.friendlygov.support.SignedEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.OA_ID;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;

/**
 * Zalo and Messenger end to end: real HTTP into the running server, the real database, and local
 * fake platform servers that record what the service sends (and inject faults).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChannelWebhookTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    InboxService inbox;
    @Inject
    Outbox outbox;

    Db db;
    private boolean leftoversRetired;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        return p;
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        if (!leftoversRetired) {
            // Rows queued by earlier test classes or runs may be leased by a context that is gone;
            // they would keep the outbox "busy" for the lease time. They are not this class's business.
            db.update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test run' WHERE status = 'PENDING'");
            leftoversRetired = true;
        }
    }

    /** Faults go to the next platform calls, whoever they are for: wait until this unit has nothing queued on the channel. */
    private void awaitIdle(String channel) {
        Eventually.await(Duration.ofSeconds(30), "an idle " + channel + " outbox", () -> db.count("SELECT COUNT(*) FROM outbox o "
                + "JOIN unit u ON u.id = o.unit_id WHERE o.status = 'PENDING' AND o.channel = ? AND u.code = 'vinh-bao'", channel) == 0);
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
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

    @Test
    void messengerVerificationHandshake() {
        String ok = client.toBlocking().retrieve("/webhooks/messenger?hub.mode=subscribe&hub.verify_token="
                + SignedEvents.VERIFY_TOKEN + "&hub.challenge=1158201444");
        assertEquals("1158201444", ok);
        HttpClientResponseException e = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().retrieve("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1"));
        assertEquals(HttpStatus.FORBIDDEN, e.getStatus());
    }

    @Test
    void messengerTextIsAnsweredOnceWithTheSameAnswerAsTheWebChat() {
        String psid = id("psid");
        String body = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), System.currentTimeMillis(), "làm giấy khai sinh cần giấy tờ gì");
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
        Eventually.await(Duration.ofSeconds(10), "a reply to " + psid, () -> FAKES.sentTo(psid).size() == 1);
        String sent = FAKES.sentTo(psid).get(0).body();
        assertTrue(sent.contains("\"messaging_type\":\"RESPONSE\""), sent);
        assertTrue(sent.contains("khai sinh") || sent.contains("Tờ khai"), sent);
        assertTrue(sent.contains("quick_replies"), sent);
        // The platform delivers at least once: the same event again is acknowledged and dropped.
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
        Eventually.stays(Duration.ofMillis(1500), "still one reply", () -> FAKES.sentTo(psid).size() == 1);
        assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", psid));
    }

    @Test
    void forgedMissingAndMalformedAreRefusedAndStoreNothing() {
        String psid = id("psid");
        String body = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), System.currentTimeMillis(), "xin chào");
        assertEquals(HttpStatus.FORBIDDEN, post("/webhooks/messenger", body, "X-Hub-Signature-256", "sha256=" + "0".repeat(64)));
        assertEquals(HttpStatus.FORBIDDEN, post("/webhooks/messenger", body, "X-Other", "x"));
        String tampered = body.replace("xin", "xim");
        assertEquals(HttpStatus.FORBIDDEN, post("/webhooks/messenger", tampered, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
        String malformed = "{\"object\":\"page\",\"entry\":[{\"id\":";
        assertEquals(HttpStatus.BAD_REQUEST, post("/webhooks/messenger", malformed, "X-Hub-Signature-256", SignedEvents.messengerSignature(malformed)));
        long ts = System.currentTimeMillis();
        String zalo = SignedEvents.zaloText(OA_ID, psid, id("z"), ts, "xin chào");
        assertEquals(HttpStatus.FORBIDDEN, post("/webhooks/zalo", zalo, "X-ZEvent-Signature", "mac=" + "0".repeat(64)));
        assertEquals(HttpStatus.FORBIDDEN, post("/webhooks/zalo", zalo, "X-Other", "x"));
        assertEquals(HttpStatus.BAD_REQUEST, post("/webhooks/zalo", "not json", "X-ZEvent-Signature", "mac=00"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", psid));
        Eventually.stays(Duration.ofMillis(500), "nothing sent", () -> FAKES.sentTo(psid).isEmpty());
    }

    @Test
    void unknownPageAndEchoesAreAcknowledgedButNotAnswered() {
        String psid = id("psid");
        String unknown = SignedEvents.messengerText("999999", psid, id("mid."), System.currentTimeMillis(), "xin chào");
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", unknown, "X-Hub-Signature-256", SignedEvents.messengerSignature(unknown)));
        long ts = System.currentTimeMillis();
        String echo = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":" + ts + ",\"messaging\":["
                + "{\"sender\":{\"id\":\"" + PAGE_ID + "\"},\"recipient\":{\"id\":\"" + psid + "\"},\"timestamp\":" + ts
                + ",\"message\":{\"is_echo\":true,\"app_id\":1,\"mid\":\"" + id("m") + "\",\"text\":\"hi\"}},"
                + "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts
                + ",\"delivery\":{\"mids\":[\"x\"],\"watermark\":" + ts + "}},"
                + "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts
                + ",\"read\":{\"watermark\":" + ts + "}}]}]}";
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", echo, "X-Hub-Signature-256", SignedEvents.messengerSignature(echo)));
        String oaEcho = "{\"app_id\":\"" + SignedEvents.ZALO_APP_ID + "\",\"event_name\":\"oa_send_text\",\"sender\":{\"id\":\"" + OA_ID
                + "\"},\"recipient\":{\"id\":\"" + psid + "\"},\"message\":{\"text\":\"hi\",\"msg_id\":\"" + id("z") + "\"},\"timestamp\":\"" + ts + "\"}";
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", oaEcho, "X-ZEvent-Signature", SignedEvents.zaloSignature(oaEcho, ts)));
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", psid));
        Eventually.stays(Duration.ofMillis(800), "nothing answered", () -> FAKES.sentTo(psid).isEmpty());
    }

    @Test
    void quickReplyPayloadsAttachmentsAndOrderWithinABatch() {
        String psid = id("psid");
        long ts = System.currentTimeMillis();
        // Two messages delivered in one batch, out of order: handled in the order they were sent.
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":" + ts + ",\"messaging\":["
                + "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + (ts + 10)
                + ",\"message\":{\"mid\":\"" + id("m") + "\",\"text\":\"lệ phí\",\"quick_reply\":{\"payload\":\"kb:khai-sinh:fee\"}}},"
                + "{\"sender\":{\"id\":\"" + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts
                + ",\"message\":{\"mid\":\"" + id("m") + "\",\"attachments\":[{\"type\":\"image\",\"payload\":{\"url\":\"https://x.test/a.jpg\"}}]}}"
                + "]}]}";
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
        Eventually.await(Duration.ofSeconds(10), "two replies", () -> FAKES.sentTo(psid).size() == 2);
        List<FakePlatforms.Sent> sent = FAKES.sentTo(psid);
        assertTrue(sent.get(0).body().contains("g\\u00f5") || sent.get(0).body().contains("gõ"), "image first: " + sent.get(0).body());
        assertTrue(sent.get(1).body().contains("phí"), "then the fee: " + sent.get(1).body());
        assertEquals("https://x.test/a.jpg", db.one("SELECT body FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN' ORDER BY m.id LIMIT 1", psid).replace("[image] ", ""));
    }

    @Test
    void zaloTextFollowAndUnfollow() {
        String user = id("u");
        long ts = System.currentTimeMillis();
        String follow = SignedEvents.zaloFollow(OA_ID, user, ts, true);
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", follow, "X-ZEvent-Signature", SignedEvents.zaloSignature(follow, ts)));
        Eventually.await(Duration.ofSeconds(10), "a welcome", () -> FAKES.sentTo(user).size() == 1);
        assertEquals("1", db.one("SELECT following FROM follower WHERE user_id = ?", user).replace("true", "1"));
        // The greeting is in the resident's history, in the conversation their first message then continues.
        assertEquals(1, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'OUT'", user));
        String text = SignedEvents.zaloText(OA_ID, user, id("z"), ts + 1, "dang ky ket hon mat bao lau");
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", text, "X-ZEvent-Signature", SignedEvents.zaloSignature(text, ts + 1)));
        Eventually.await(Duration.ofSeconds(10), "an answer", () -> FAKES.sentTo(user).size() == 2);
        String answer = FAKES.sentTo(user).get(1).body();
        assertTrue(answer.contains("nh\\u1eafn s\\u1ed1") || answer.contains("nhắn số"), "choices as a numbered list: " + answer);
        // "2" picks the second choice that was offered.
        String pick = SignedEvents.zaloText(OA_ID, user, id("z"), ts + 2, "2");
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", pick, "X-ZEvent-Signature", SignedEvents.zaloSignature(pick, ts + 2)));
        Eventually.await(Duration.ofSeconds(10), "the chosen section", () -> FAKES.sentTo(user).size() == 3);
        assertEquals("ket-hon", db.one("SELECT match_id FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN' ORDER BY m.id DESC LIMIT 1", user));
        assertEquals(1, db.count("SELECT COUNT(*) FROM conversation WHERE channel_user_id = ?", user));
        String chosen = FAKES.sentTo(user).get(2).body();
        assertTrue(chosen.contains("phí") || chosen.contains("ph\u00ed"), "the fee section: " + chosen);
        String unfollow = SignedEvents.zaloFollow(OA_ID, user, ts + 3, false);
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", unfollow, "X-ZEvent-Signature", SignedEvents.zaloSignature(unfollow, ts + 3)));
        Eventually.await(Duration.ofSeconds(10), "unfollowed", () -> "0".equals(db.one("SELECT following FROM follower WHERE user_id = ?", user)
                .replace("false", "0")));
        Eventually.await(Duration.ofSeconds(10), "a display name fetched",
                () -> "Trần Thị Bình".equals(db.one("SELECT display_name FROM follower WHERE user_id = ?", user)));
    }

    @Test
    void transientFailuresAreRetriedPermanentOnesAreNot() {
        String psid = id("psid");
        awaitIdle("messenger");
        FAKES.failMessengerNext(500, "{\"error\":{\"message\":\"boom\",\"code\":1}}");
        FAKES.failMessengerNext(400, "{\"error\":{\"message\":\"Calls to this api have exceeded the rate limit\",\"code\":613}}");
        String body = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), System.currentTimeMillis(), "chứng thực bản sao bao nhiêu tiền");
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", body, "X-Hub-Signature-256", SignedEvents.messengerSignature(body)));
        Eventually.await(Duration.ofSeconds(15), "delivered after two failures",
                () -> "SENT".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", psid)));
        assertEquals("3", db.one("SELECT attempts FROM outbox WHERE recipient_id = ?", psid));
        assertEquals(1, FAKES.sentTo(psid).size());

        String blocked = id("psid");
        FAKES.failMessengerNext(400, "{\"error\":{\"message\":\"This person isn't available right now.\",\"code\":551,\"error_subcode\":1545041}}");
        String b2 = SignedEvents.messengerText(PAGE_ID, blocked, id("mid."), System.currentTimeMillis(), "xin chào");
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", b2, "X-Hub-Signature-256", SignedEvents.messengerSignature(b2)));
        Eventually.await(Duration.ofSeconds(10), "failed for good", () -> "FAILED".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", blocked)));
        assertEquals("1", db.one("SELECT attempts FROM outbox WHERE recipient_id = ?", blocked));
    }

    @Test
    void aTimeoutAndAZaloRateLimitAreRetried() {
        String user = id("u");
        awaitIdle("zalo");
        FAKES.stallZaloNext(1500);
        FAKES.failZaloNext(200, "{\"error\":-32,\"message\":\"Your application reached limit call api\"}");
        long ts = System.currentTimeMillis();
        String follow = SignedEvents.zaloFollow(OA_ID, user, ts, true);
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", follow, "X-ZEvent-Signature", SignedEvents.zaloSignature(follow, ts)));
        Eventually.await(Duration.ofSeconds(15), "delivered after a timeout and a -32",
                () -> "SENT".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", user)));
        assertEquals("3", db.one("SELECT attempts FROM outbox WHERE recipient_id = ?", user));
        assertEquals(1, FAKES.sentTo(user).size());
    }

    @Test
    void aSendThatTimedOutAfterThePlatformTookItIsCheckedNotSentAgain() {
        String user = id("u");
        awaitIdle("zalo");
        FAKES.acceptThenStallZaloNext(1500);
        long ts = System.currentTimeMillis();
        String follow = SignedEvents.zaloFollow(OA_ID, user, ts, true);
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", follow, "X-ZEvent-Signature", SignedEvents.zaloSignature(follow, ts)));
        Eventually.await(Duration.ofSeconds(15), "recorded as sent after the look-up",
                () -> "SENT".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", user)));
        assertEquals(1, FAKES.sentTo(user).size(), "the timed-out send reached Zalo: it must not go twice");
        assertEquals(FAKES.sentTo(user).get(0).id(), db.one("SELECT platform_message_id FROM outbox WHERE recipient_id = ?", user));
    }

    @Test
    void expiredZaloTokenIsRefreshedOnceAndTheNewPairPersisted() {
        String user = id("u");
        FAKES.expireZaloToken();
        long ts = System.currentTimeMillis();
        String text = SignedEvents.zaloText(OA_ID, user, id("z"), ts, "xin chao");
        long refreshes = FAKES.refreshCalls();
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", text, "X-ZEvent-Signature", SignedEvents.zaloSignature(text, ts)));
        Eventually.await(Duration.ofSeconds(10), "delivered after a refresh", () -> FAKES.sentTo(user).size() == 1);
        assertEquals(refreshes + 1, FAKES.refreshCalls());
        assertEquals(FAKES.zaloRefreshToken(), db.one("SELECT refresh_token FROM channel_token t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'vinh-bao'"));

        // A refresh Zalo refuses is loud: the row is flagged and the message fails.
        String other = id("u");
        FAKES.expireZaloToken();
        FAKES.breakRefresh();
        String t2 = SignedEvents.zaloText(OA_ID, other, id("z"), ts + 1, "xin chao");
        assertEquals(HttpStatus.OK, post("/webhooks/zalo", t2, "X-ZEvent-Signature", SignedEvents.zaloSignature(t2, ts + 1)));
        Eventually.await(Duration.ofSeconds(10), "failed", () -> "FAILED".equals(db.one("SELECT status FROM outbox WHERE recipient_id = ?", other)));
        assertTrue(db.one("SELECT refresh_failed FROM channel_token t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'vinh-bao'").matches("1|true"));
        // … and shown to administrators.
        String status = client.toBlocking().retrieve(HttpRequest.GET("/api/v1/admin/channels").basicAuth("admin", "test-admin-secret"));
        assertTrue(status.contains("\"zaloRefreshFailed\":true"), status);
    }

    @Test
    void eventsLeftBehindByACrashAreAnsweredOnceAfterRestart() {
        // As if the service died after storing the event and answering 200: the row is there, unhandled.
        String psid = id("psid");
        String unitId = db.one("SELECT id FROM unit WHERE code = 'vinh-bao'");
        db.update("INSERT INTO inbox_event (channel, event_key, unit_id, sender_id, event_type, payload, platform_ts, status, attempts, "
                + "received_at) VALUES ('messenger', ?, ?, ?, 'MESSAGE', ?, 1, 'PENDING', 0, ?)", id("mid."), unitId, psid,
                "{\"text\":\"giờ làm việc của xã\",\"attachments\":[]}", Timestamp.from(Instant.now().minusSeconds(60)));
        Eventually.await(Duration.ofSeconds(15), "picked up by recovery", () -> FAKES.sentTo(psid).size() == 1);
        Eventually.stays(Duration.ofMillis(800), "once", () -> FAKES.sentTo(psid).size() == 1);
        assertEquals("DONE", db.one("SELECT status FROM inbox_event WHERE sender_id = ?", psid));
    }

    @Test
    void concurrentDuplicatesAreAnsweredOnce() {
        String psid = id("psid");
        String body = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), System.currentTimeMillis(), "cho xin số đường dây nóng");
        String sig = SignedEvents.messengerSignature(body);
        List<CompletableFuture<HttpStatus>> calls = java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> post("/webhooks/messenger", body, "X-Hub-Signature-256", sig))).toList();
        calls.forEach(c -> assertEquals(HttpStatus.OK, c.join()));
        Eventually.await(Duration.ofSeconds(10), "a reply", () -> FAKES.sentTo(psid).size() == 1);
        Eventually.stays(Duration.ofMillis(1000), "exactly one", () -> FAKES.sentTo(psid).size() == 1);
    }

    /** A complaint filed on Zalo: every step, the acknowledgement, the official's answer and the rating question reach the fake. */
    @Test
    void complaintOverZaloFromFirstMessageToTheOfficialsAnswer() {
        String user = id("u");
        long ts = System.currentTimeMillis();
        String[] steps = {"Đèn đường đầu ngõ 7 bị hỏng cả tuần nay, tối om", "ngõ 7 thôn Trung", "không có ảnh", "bỏ qua", "đồng ý"};
        for (int i = 0; i < steps.length; i++) {
            String body = SignedEvents.zaloText(OA_ID, user, id("z"), ts + i, steps[i]);
            assertEquals(HttpStatus.OK, post("/webhooks/zalo", body, "X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts + i)));
            int expected = i + 1;
            Eventually.await(Duration.ofSeconds(10), "reply to step " + expected, () -> FAKES.sentTo(user).size() >= expected);
        }
        try {
            Eventually.await(Duration.ofSeconds(15), "the acknowledgement with the code",
                    () -> FAKES.sentTo(user).stream().anyMatch(s -> s.body().contains("PA-") && s.body().contains("/20")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsent: " + FAKES.sentTo(user) + "\noutbox: "
                    + db.one("SELECT GROUP_CONCAT(CONCAT(dedupe_key, ' ', status, ' ', COALESCE(failure_reason, '')) SEPARATOR ' | ') "
                    + "FROM outbox WHERE recipient_id = ?", user), e);
        }
        String code = db.one("SELECT code FROM ticket t JOIN conversation c ON c.id = t.conversation_id WHERE c.channel_user_id = ?", user);
        assertTrue(code != null && code.matches("PA-\\d{4}-\\d{6}"), "a case was filed: " + code);
        int before = FAKES.sentTo(user).size();
        HttpResponse<String> reply = client.toBlocking().exchange(HttpRequest.POST("/api/v1/tickets/" + code + "/reply?unit=vinh-bao",
                Map.of("text", "Đội điện đã thay bóng đèn ngõ 7 chiều nay. Cảm ơn anh/chị đã phản ánh.")).basicAuth("admin", "test-admin-secret"), String.class);
        assertEquals(HttpStatus.OK, reply.getStatus());
        Eventually.await(Duration.ofSeconds(10), "the official's answer relayed",
                () -> FAKES.sentTo(user).stream().anyMatch(s -> s.body().contains("thay bóng đèn")));
        Eventually.await(Duration.ofSeconds(10), "then the satisfaction question",
                () -> FAKES.sentTo(user).stream().skip(before).anyMatch(s -> s.body().toLowerCase(java.util.Locale.ROOT).contains("hài lòng")));
    }

    /**
     * The dispatcher reads the recipients' last interactions for a whole claim in one query: each
     * row must still be judged by its own recipient's window.
     */
    @Test
    void eachRecipientInOneClaimIsJudgedByTheirOwnWindow() {
        long unitId = Long.parseLong(db.one("SELECT id FROM unit WHERE code = 'vinh-bao'"));
        Instant now = Instant.now();
        String recent = id("psid");
        String stale = id("psid");
        String staleHuman = id("psid");
        String unknown = id("psid");   // never wrote: no follower row
        String touch = "INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "VALUES (?, 'messenger', ?, TRUE, FALSE, ?, ?)";
        db.update(touch, unitId, recent, Timestamp.from(now.minus(Duration.ofHours(1))), Timestamp.from(now));
        db.update(touch, unitId, stale, Timestamp.from(now.minus(Duration.ofHours(30))), Timestamp.from(now));
        db.update(touch, unitId, staleHuman, Timestamp.from(now.minus(Duration.ofDays(3))), Timestamp.from(now));
        BiFunction<String, MessageKind, OutboundMessage> message =
                (to, kind) -> new OutboundMessage(unitId, Channels.MESSENGER, to, null, kind,
                        Reply.of("Dạ, xã xin trả lời anh/chị."), "test:" + to);
        outbox.enqueueAll(List.of(message.apply(unknown, MessageKind.REPLY),
                message.apply(staleHuman, MessageKind.HUMAN),
                message.apply(stale, MessageKind.REPLY),
                message.apply(recent, MessageKind.REPLY)));
        String status = "SELECT status FROM outbox WHERE recipient_id = ?";
        Eventually.await(Duration.ofSeconds(10), "all four decided", () -> Stream.of(recent, stale, staleHuman, unknown)
                .noneMatch(r -> "PENDING".equals(db.one(status, r))));
        assertEquals("SENT", db.one(status, recent));
        assertTrue(FAKES.sentTo(recent).get(0).body().contains("\"messaging_type\":\"RESPONSE\""), FAKES.sentTo(recent).toString());
        assertEquals("SKIPPED", db.one(status, stale), "a reply over 24 hours after the resident's last message");
        assertEquals("SENT", db.one(status, staleHuman));
        assertTrue(FAKES.sentTo(staleHuman).get(0).body().contains("HUMAN_AGENT"), FAKES.sentTo(staleHuman).toString());
        assertEquals("SKIPPED", db.one(status, unknown), "no interaction known");
        assertTrue(FAKES.sentTo(stale).isEmpty() && FAKES.sentTo(unknown).isEmpty());
    }

    @Test
    void oversizedWebhookBodyIsRefused() {
        String big = "{\"object\":\"page\",\"entry\":[],\"pad\":\"" + "x".repeat(300_000) + "\"}";
        assertEquals(HttpStatus.REQUEST_ENTITY_TOO_LARGE, post("/webhooks/messenger", big, "X-Hub-Signature-256", SignedEvents.messengerSignature(big)));
    }
}
