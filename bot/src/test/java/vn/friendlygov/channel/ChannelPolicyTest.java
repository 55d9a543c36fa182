package vn.friendlygov.channel;

import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.friendlygov.channel.messenger.MessengerConfig;
import vn.friendlygov.channel.messenger.MessengerSender;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.channel.zalo.ZaloSender;
import vn.friendlygov.channel.zalo.ZaloTokens;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.MessageSplitter;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.UnitProperties;
import vn.friendlygov.unit.UnitRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The platforms' rules, without a server: windows, tags, limits, error classification, splitting. */
class ChannelPolicyTest {
    static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    static final Instant NOW = ZonedDateTime.of(2026, 11, 20, 10, 0, 0, 0, VIETNAM).toInstant();
    static final ObjectMapper JSON = ObjectMapper.getDefault();
    static final Unit UNIT = new Unit(7L, "vinh-bao", "Xã Vĩnh Bảo", false, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, "1122334455", "388613280878808645", NOW, NOW);

    /** Records what would be posted and answers with canned responses (default: success). */
    static final class FakeHttp extends PlatformHttp {
        final List<String> urls = new ArrayList<>();
        final List<Map<String, String>> headers = new ArrayList<>();
        final List<String> bodies = new ArrayList<>();
        final Deque<Object> canned = new ArrayDeque<>();
        final Response success;

        private static PlatformHttpSettings settings() {
            PlatformHttpSettings s = new PlatformHttpSettings();
            s.setHttpTimeout(java.time.Duration.ofSeconds(1));
            s.setHttpConnections(1);
            return s;
        }

        FakeHttp(Response success) {
            super(settings());
            this.success = success;
        }

        void next(int status, String body) {
            canned.add(new Response(status, body));
        }

        @Override
        public Response post(String url, Map<String, String> h, String contentType, String body) throws IOException {
            urls.add(url);
            headers.add(h);
            bodies.add(body);
            Object c = canned.poll();
            if (c instanceof IOException e) {
                throw e;
            }
            return c == null ? success : (Response) c;
        }

        Map<?, ?> lastBody() {
            try {
                return JSON.readValue(bodies.get(bodies.size() - 1), Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static UnitDirectory directory() {
        UnitRepository repo = (UnitRepository) Proxy.newProxyInstance(UnitRepository.class.getClassLoader(),
                new Class<?>[]{UnitRepository.class}, (proxy, method, args) -> method.getReturnType() == Optional.class
                        ? Optional.empty() : null);
        UnitProperties p = new UnitProperties("vinh-bao");
        p.setName("Xã Vĩnh Bảo");
        p.getMessenger().setPageId("1122334455");
        p.getMessenger().setPageAccessToken("page-token");
        return new UnitDirectory(repo, List.of(p), JSON, "vinh-bao");
    }

    // --- Messenger --------------------------------------------------------------------------------

    private final FakeHttp graph = new FakeHttp(new PlatformHttp.Response(200, "{\"recipient_id\":\"42\",\"message_id\":\"m_1\"}"));
    private final MessengerSender messenger = new MessengerSender(new MessengerConfig(), directory(), graph, JSON);

    private SendResult toMessenger(MessageKind kind, Duration sinceLastMessage, Reply reply) {
        return messenger.send(new Delivery(UNIT, "42", kind, reply, sinceLastMessage == null ? null : NOW.minus(sinceLastMessage), NOW, "test:policy"));
    }

    private SendResult toMessenger(MessageKind kind, Duration sinceLastMessage) {
        return toMessenger(kind, sinceLastMessage, Reply.of("Dạ, hồ sơ của anh/chị đã có kết quả ạ."));
    }

    @Test
    void messengerReplyInsideTheWindowIsAResponse() {
        SendResult r = toMessenger(MessageKind.REPLY, Duration.ofHours(23));
        assertEquals(new SendResult.Sent("m_1"), r);
        Map<?, ?> body = graph.lastBody();
        assertEquals("RESPONSE", body.get("messaging_type"));
        assertNull(body.get("tag"));
        assertEquals(Map.of("id", "42"), body.get("recipient"));
        assertTrue(graph.urls.get(0).endsWith("/me/messages?access_token=page-token"), graph.urls.get(0));
        // a case update inside the window goes as UPDATE
        toMessenger(MessageKind.UPDATE, Duration.ofHours(2));
        assertEquals("UPDATE", graph.lastBody().get("messaging_type"));
    }

    @Test
    void messengerReplyAfterTheWindowIsNotSent() {
        SendResult r = toMessenger(MessageKind.REPLY, Duration.ofHours(25));
        assertInstanceOf(SendResult.Skipped.class, r);
        assertTrue(((SendResult.Skipped) r).reason().contains("outside the window"), r.toString());
        assertEquals(Reasons.OUTSIDE_24H_WINDOW, ((SendResult.Skipped) r).code());
        assertInstanceOf(SendResult.Skipped.class, toMessenger(MessageKind.PROMOTION, Duration.ofDays(2)));
        assertInstanceOf(SendResult.Skipped.class, toMessenger(MessageKind.REPLY, null), "never wrote to us");
        assertEquals(List.of(), graph.bodies, "nothing reached the platform");
    }

    @Test
    void messengerOfficialsReplyUsesHumanAgentUpToSevenDays() {
        assertInstanceOf(SendResult.Sent.class, toMessenger(MessageKind.HUMAN, Duration.ofDays(3)));
        Map<?, ?> body = graph.lastBody();
        assertEquals("MESSAGE_TAG", body.get("messaging_type"));
        assertEquals("HUMAN_AGENT", body.get("tag"));
        SendResult late = toMessenger(MessageKind.HUMAN, Duration.ofDays(8));
        assertInstanceOf(SendResult.Skipped.class, late);
        assertTrue(((SendResult.Skipped) late).reason().contains("outside the window"), late.toString());
        assertEquals(Reasons.OUTSIDE_HUMAN_AGENT_WINDOW, ((SendResult.Skipped) late).code());
        assertEquals(1, graph.bodies.size());
    }

    @Test
    void messengerNeverUsesARetiredTag() {
        for (MessageKind kind : MessageKind.values()) {
            for (Duration age : List.of(Duration.ofMinutes(1), Duration.ofHours(23), Duration.ofHours(25), Duration.ofDays(3),
                    Duration.ofDays(6), Duration.ofDays(8), Duration.ofDays(60))) {
                toMessenger(kind, age);
            }
        }
        assertFalse(graph.bodies.isEmpty());
        for (String body : graph.bodies) {
            for (String retired : List.of("ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE")) {
                assertFalse(body.contains(retired), body);
            }
            try {
                Object tag = JSON.readValue(body, Map.class).get("tag");
                assertTrue(tag == null || tag.equals("HUMAN_AGENT"), body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void messengerQuickRepliesAreCappedAndShort() {
        List<Reply.QuickReply> many = new ArrayList<>();
        for (int i = 1; i <= 15; i++) {
            many.add(new Reply.QuickReply("Lựa chọn số " + i + " có tiêu đề rất dài", "p" + i));
        }
        toMessenger(MessageKind.REPLY, Duration.ofMinutes(5), new Reply("Dạ, anh/chị chọn giúp em ạ", many));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> quick = (List<Map<String, Object>>) ((Map<String, Object>) graph.lastBody().get("message")).get("quick_replies");
        assertEquals(13, quick.size());
        for (int i = 0; i < quick.size(); i++) {
            String title = (String) quick.get(i).get("title");
            assertTrue(title.length() <= 20, title);
            assertEquals("p" + (i + 1), quick.get(i).get("payload"));
            assertEquals("text", quick.get(i).get("content_type"));
        }
        toMessenger(MessageKind.REPLY, Duration.ofMinutes(5), Reply.of("không có lựa chọn"));
        assertNull(((Map<?, ?>) graph.lastBody().get("message")).get("quick_replies"));
    }

    private SendResult messengerAnswer(int status, String body) {
        graph.next(status, body);
        return toMessenger(MessageKind.REPLY, Duration.ofMinutes(1));
    }

    @Test
    void messengerErrorsAreClassified() {
        assertInstanceOf(SendResult.Retry.class, messengerAnswer(400, "{\"error\":{\"message\":\"Calls to this api have exceeded the rate limit.\",\"code\":613}}"));
        assertInstanceOf(SendResult.Retry.class, messengerAnswer(400, "{\"error\":{\"message\":\"Application request limit reached\",\"code\":4}}"));
        assertInstanceOf(SendResult.Retry.class, messengerAnswer(500, "{\"error\":{\"message\":\"An unknown error occurred\",\"code\":1}}"));
        assertInstanceOf(SendResult.Retry.class, messengerAnswer(503, ""));
        assertInstanceOf(SendResult.Retry.class, messengerAnswer(502, "<html>Bad Gateway</html>"));
        assertInstanceOf(SendResult.Failed.class, messengerAnswer(400, "{\"error\":{\"message\":\"This person isn't available right now.\",\"code\":551,\"error_subcode\":1545041}}"));
        assertInstanceOf(SendResult.Failed.class, messengerAnswer(400, "{\"error\":{\"message\":\"Invalid OAuth access token.\",\"code\":190}}"));
        SendResult outside = messengerAnswer(400, "{\"error\":{\"message\":\"This message is sent outside of allowed window.\",\"code\":10,\"error_subcode\":2018278}}");
        assertEquals(Reasons.OUTSIDE_24H_WINDOW, ((SendResult.Skipped) outside).code());
        // HTTP 429 (Graph's per-thread limit, or a throttle with no Graph error at all) is a rate limit: retried.
        assertEquals(new SendResult.Retry(Reasons.RATE_LIMITED, "Messenger HTTP 429 error 80006"), messengerAnswer(429,
                "{\"error\":{\"message\":\"(#80006) There have been too many messages sent to this Messenger thread\",\"code\":80006}}"));
        assertEquals(new SendResult.Retry(Reasons.RATE_LIMITED, "Messenger HTTP 429"), messengerAnswer(429, "{}"));
        // Failures keep the platform's error code.
        assertEquals("messenger:551/1545041", ((SendResult.Failed) messengerAnswer(400,
                "{\"error\":{\"message\":\"This person isn't available right now.\",\"code\":551,\"error_subcode\":1545041}}")).code());
        // Cut after the request left: Messenger may have it, so the outcome is unknown (checked before a resend).
        graph.canned.add(new IOException("connection reset"));
        assertInstanceOf(SendResult.Unknown.class, toMessenger(MessageKind.REPLY, Duration.ofMinutes(1)));
        // No connection at all: nothing was sent, a plain retry.
        graph.canned.add(new java.net.ConnectException("connection refused"));
        assertInstanceOf(SendResult.Retry.class, toMessenger(MessageKind.REPLY, Duration.ofMinutes(1)));
    }

    // --- Zalo -------------------------------------------------------------------------------------

    private final FakeHttp zaloApi = new FakeHttp(new PlatformHttp.Response(200,
            "{\"data\":{\"message_id\":\"z_1\",\"user_id\":\"u1\"},\"error\":0,\"message\":\"Success\"}"));
    private final List<String> refusedTokens = new ArrayList<>();
    private final ZaloSender zalo = new ZaloSender(new ZaloConfig(),
            new ZaloTokens(null, new ZaloConfig(), null, null, null, null, null, null, null) {
                @Override
                public Optional<String> accessToken(Unit unit) {
                    return Optional.of("zalo-access");
                }

                @Override
                public Optional<String> refresh(Unit unit, String refusedToken) {
                    refusedTokens.add(refusedToken);
                    return refusedTokens.size() == 1 ? Optional.of("zalo-fresh") : Optional.empty();
                }
            }, RateLimits.local(), zaloApi, JSON);

    private SendResult toZalo(MessageKind kind, Instant now, Duration sinceLast, Reply reply) {
        return zalo.send(new Delivery(UNIT, "u1", kind, reply, sinceLast == null ? null : now.minus(sinceLast), now, "test:policy"));
    }

    @Test
    void zaloInsideTheConsultationWindowSendsChoicesAsNumbers() {
        Reply reply = new Reply("Dạ, anh/chị cần hỏi thêm gì ạ?", List.of(new Reply.QuickReply("Lệ phí", "kb:khai-sinh:fee"),
                new Reply.QuickReply("Thời hạn", "kb:khai-sinh:time"), new Reply.QuickReply("Nơi nộp", "kb:khai-sinh:place")));
        SendResult r = toZalo(MessageKind.REPLY, NOW, Duration.ofDays(6), reply);
        assertEquals(new SendResult.Sent("z_1"), r);
        assertTrue(zaloApi.urls.get(0).endsWith("/v3.0/oa/message/cs"), zaloApi.urls.get(0));
        assertEquals("zalo-access", zaloApi.headers.get(0).get("access_token"));
        Map<?, ?> body = zaloApi.lastBody();
        assertEquals(Map.of("user_id", "u1"), body.get("recipient"));
        String text = (String) ((Map<?, ?>) body.get("message")).get("text");
        assertTrue(text.startsWith(reply.text()), text);
        assertTrue(text.contains("\n1. Lệ phí") && text.contains("\n2. Thời hạn") && text.contains("\n3. Nơi nộp"), text);
        assertTrue(text.indexOf("1. Lệ phí") < text.indexOf("2. Thời hạn"), text);
    }

    @Test
    void zaloAfterTheWindowIsNotSent() {
        SendResult r = toZalo(MessageKind.REPLY, NOW, Duration.ofDays(8), Reply.of("Dạ"));
        assertInstanceOf(SendResult.Skipped.class, r);
        assertTrue(((SendResult.Skipped) r).reason().contains("outside the window"), r.toString());
        assertInstanceOf(SendResult.Skipped.class, toZalo(MessageKind.HUMAN, NOW, Duration.ofDays(30), Reply.of("Dạ")));
        assertInstanceOf(SendResult.Skipped.class, toZalo(MessageKind.REPLY, NOW, null, Reply.of("Dạ")));
        assertEquals(List.of(), zaloApi.bodies);
    }

    @Test
    void zaloPromotionWaitsOutTheNightBan() {
        Instant at2300 = LocalDateTime.of(2026, 11, 20, 23, 0).atZone(VIETNAM).toInstant();
        SendResult r = toZalo(MessageKind.PROMOTION, at2300, Duration.ofDays(1), Reply.of("Chúc mừng năm mới"));
        assertInstanceOf(SendResult.Deferred.class, r);
        assertEquals(LocalDateTime.of(2026, 11, 21, 6, 0).atZone(VIETNAM).toInstant(), ((SendResult.Deferred) r).until());

        Instant at0300 = LocalDateTime.of(2026, 11, 21, 3, 0).atZone(VIETNAM).toInstant();
        SendResult early = toZalo(MessageKind.PROMOTION, at0300, Duration.ofDays(1), Reply.of("Chúc mừng năm mới"));
        assertEquals(LocalDateTime.of(2026, 11, 21, 6, 0).atZone(VIETNAM).toInstant(), ((SendResult.Deferred) early).until());
        assertEquals(List.of(), zaloApi.bodies);

        // by day it goes; and a resident's own reply is never held for the night
        assertInstanceOf(SendResult.Sent.class, toZalo(MessageKind.PROMOTION, LocalDateTime.of(2026, 11, 21, 6, 0).atZone(VIETNAM).toInstant(),
                Duration.ofDays(1), Reply.of("Chúc mừng năm mới")));
        assertInstanceOf(SendResult.Sent.class, toZalo(MessageKind.REPLY, at2300, Duration.ofMinutes(1), Reply.of("Dạ")));
    }

    private SendResult zaloAnswer(int status, String body) {
        zaloApi.next(status, body);
        return toZalo(MessageKind.REPLY, NOW, Duration.ofMinutes(1), Reply.of("Dạ"));
    }

    @Test
    void zaloErrorsAreReadFromTheBody() {
        // An expired token: the sender refreshes it and sends once more with the new one.
        assertEquals(new SendResult.Sent("z_1"), zaloAnswer(200, "{\"error\":-216,\"message\":\"Access token is invalid\"}"));
        assertEquals(List.of("zalo-access"), refusedTokens);
        assertEquals("zalo-fresh", zaloApi.headers.get(zaloApi.headers.size() - 1).get("access_token"));
        // The refresh fails: failed for good with the reason (the admin status shows the token's state).
        SendResult refreshFailed = zaloAnswer(200, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
        assertEquals(Reasons.TOKEN_REFRESH_FAILED, ((SendResult.Failed) refreshFailed).code());
        assertInstanceOf(SendResult.Retry.class, zaloAnswer(200, "{\"error\":-32,\"message\":\"Exceed rate limit\"}"));
        // Platform rules, not errors: skipped, with the rule's reason code.
        assertEquals(new SendResult.Skipped(Reasons.OUTSIDE_7_DAY_WINDOW, "Zalo error -230 User has not interacted with OA in the last 7 days"),
                zaloAnswer(200, "{\"error\":-230,\"message\":\"User has not interacted with OA in the last 7 days\"}"));
        assertEquals(new SendResult.Skipped(Reasons.NOT_FOLLOWER, "Zalo error -213 User has not followed OA"),
                zaloAnswer(200, "{\"error\":-213,\"message\":\"User has not followed OA\"}"));
        // The user refuses the OA's messages: a platform opt-out (the dispatcher records it as consent).
        assertEquals(new SendResult.OptedOut("Zalo error -244 User has restricted this message type"),
                zaloAnswer(200, "{\"error\":-244,\"message\":\"User has restricted this message type\"}"));
        assertEquals(new SendResult.Retry(Reasons.RATE_LIMITED, "Zalo HTTP 429"), zaloAnswer(429, ""));
        assertEquals(new SendResult.Failed("zalo:-201", "Zalo error -201 Invalid parameter"),
                zaloAnswer(200, "{\"error\":-201,\"message\":\"Invalid parameter\"}"));
        assertInstanceOf(SendResult.Retry.class, zaloAnswer(502, ""));
        assertInstanceOf(SendResult.Sent.class, zaloAnswer(200, "{\"data\":{\"message_id\":\"z_9\"},\"error\":0,\"message\":\"Success\"}"));
    }

    @Test
    void campaignMessagesLeaveAFifthOfThePagesRateToReplies() {
        MessengerConfig config = new MessengerConfig();
        config.setRatePerSecond(10);
        MessengerSender limited = new MessengerSender(config, directory(), graph, JSON);
        int sent = 0;
        SendResult last = null;
        for (int i = 0; i < 10; i++) {
            last = limited.send(new Delivery(UNIT, "42", MessageKind.PROMOTION, Reply.of("Chúc mừng năm mới"), NOW.minusSeconds(60), NOW,
                    "test:bulk:" + i));
            if (last instanceof SendResult.Sent) {
                sent++;
            }
        }
        // 8 of 10 (one more if a slow machine let a tenth of a second's refill in meanwhile).
        assertTrue(sent == 8 || sent == 9, "campaign messages stop at 80 % of the second's allowance: " + sent);
        SendResult.Deferred deferred = assertInstanceOf(SendResult.Deferred.class, last);
        assertTrue(deferred.until().isAfter(NOW) && deferred.until().isBefore(NOW.plusSeconds(2)), deferred.toString());
        // A resident's reply still goes at once, from the part kept for replies.
        assertInstanceOf(SendResult.Sent.class, limited.send(new Delivery(UNIT, "42", MessageKind.REPLY, Reply.of("Dạ"),
                NOW.minusSeconds(60), NOW, "test:reply")));
    }

    // --- splitting --------------------------------------------------------------------------------

    @Test
    void longTextsAreSplitAtSentenceEnds() {
        StringBuilder s = new StringBuilder();
        for (int i = 1; s.length() < 5000; i++) {
            s.append("Câu thứ ").append(i).append(" hướng dẫn anh/chị chuẩn bị hồ sơ và nộp tại bộ phận một cửa của xã. ");
        }
        String text = s.toString().strip();
        assertTrue(text.length() >= 5000);
        List<Reply.QuickReply> quick = List.of(new Reply.QuickReply("Lệ phí", "kb:x:fee"), new Reply.QuickReply("Thời hạn", "kb:x:time"));
        List<Reply> parts = MessageSplitter.split(new Reply(text, quick));
        assertTrue(parts.size() >= 3, "parts: " + parts.size());
        for (int i = 0; i < parts.size(); i++) {
            Reply p = parts.get(i);
            assertTrue(p.text().length() <= 1800, "part " + i + " has " + p.text().length());
            assertFalse(p.text().isBlank());
            assertTrue(p.text().endsWith("."), "part " + i + " ends mid-sentence: …" + p.text().substring(p.text().length() - 30));
            assertEquals(i == parts.size() - 1 ? quick : List.of(), p.quickReplies(), "quick replies only on the last part");
        }
        assertEquals(text.replaceAll("\\s+", " "), String.join(" ", parts.stream().map(Reply::text).toList()).replaceAll("\\s+", " "),
                "nothing lost or duplicated");
        // a short text is left as it is
        Reply small = new Reply("Dạ, ngắn thôi.", quick);
        assertEquals(List.of(small), MessageSplitter.split(small));
    }

    @Test
    void textsWithoutSentenceEndsStillFit() {
        String words = "chữ ".repeat(1500).strip();     // 5,999 characters, no sentence end
        List<Reply> parts = MessageSplitter.split(Reply.of(words));
        assertTrue(parts.size() >= 4);
        parts.forEach(p -> assertTrue(p.text().length() <= 1800 && !p.text().startsWith(" ") && p.text().startsWith("chữ"), p.text()));
        String blob = "x".repeat(4000);                   // not even a space
        List<Reply> cut = MessageSplitter.split(Reply.of(blob));
        cut.forEach(p -> assertTrue(p.text().length() <= 1800));
        assertEquals(blob, String.join("", cut.stream().map(Reply::text).toList()));
    }
}
