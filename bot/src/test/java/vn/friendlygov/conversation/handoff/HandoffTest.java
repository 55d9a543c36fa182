package vn.friendlygov.conversation.handoff;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
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
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Human handoff end to end over real HTTP on MariaDB: a resident asks for a person, waits, an
 * official takes the conversation (a second one gets 409), answers on the resident's own channel,
 * hands back; the whole history with who wrote what; platform windows; concurrency; answering from
 * the official's own Zalo; escalation of a conversation left waiting.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HandoffTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final String PW = "Mat-khau-ban-giao-2026";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject HandoffService handoff;
    Db db;
    String a;
    String b;
    String leader;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.put("tickets.scheduler.enabled", "false");
        p.put("handoff.max-per-official", "3");
        return p;
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        // Only this test's officials are on duty in vinh-bao, so the offer's recipient is known.
        db.update("UPDATE official SET on_duty = FALSE WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        db.update("UPDATE conversation SET status = 'BOT', assignee_id = NULL, waiting_since = NULL "
                + "WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        String s = UUID.randomUUID().toString().substring(0, 8);
        a = "ho.a" + s;
        b = "ho.b" + s;
        leader = "ho.l" + s;
        create(a, "OFFICIAL", "Nguyễn Văn Trực", true, "zalo-" + a);
        create(b, "OFFICIAL", "Trần Thị Ban", true, null);
        create(leader, "LEADER", "Lê Văn Phó", false, null);
    }

    void create(String username, String role, String name, boolean onDuty, String zaloId) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("username", username, "fullName", name, "unit", "vinh-bao",
                "role", role, "onDuty", onDuty, "password", PW));
        if (zaloId != null) {
            body.put("zaloUserId", zaloId);
        }
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", body).basicAuth("admin", "test-admin-secret"));
        // An administrator's password is temporary; these officials changed theirs already.
        db.update("UPDATE official SET must_change_password = FALSE WHERE username = ?", username);
    }

    Map<String, Object> as(String user, MutableHttpRequest<?> r) {
        return http.toBlocking().retrieve(r.basicAuth(user, PW), Argument.mapOf(String.class, Object.class));
    }

    HttpClientResponseException refused(String user, MutableHttpRequest<?> r) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(r.basicAuth(user, PW), String.class));
    }

    /** The last chat answer's match. */
    Map<String, Object> lastMatch;

    /** A web-chat message to vinh-bao: the issued id and the bot's texts. */
    @SuppressWarnings("unchecked")
    List<String> chat(String[] id, String text) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("text", text, "unit", "vinh-bao"));
        if (id[0] != null) {
            body.put("conversationId", id[0]);
        }
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", body), Argument.mapOf(String.class, Object.class));
        id[0] = (String) answer.get("conversationId");
        lastMatch = (Map<String, Object>) answer.get("match");
        // API.md: "replies" is there even when the bot stays quiet (an empty list, not a missing key).
        assertTrue(answer.containsKey("replies"), answer.toString());
        List<Map<String, Object>> replies = (List<Map<String, Object>>) answer.get("replies");
        return replies.stream().map(r -> (String) r.get("text")).toList();
    }

    @SuppressWarnings("unchecked")
    List<String> later(String webId) {
        Map<String, Object> m = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chat/" + webId + "/messages?unit=vinh-bao"),
                Argument.mapOf(String.class, Object.class));
        return ((List<Map<String, Object>>) m.get("messages")).stream().map(x -> (String) x.get("text")).toList();
    }

    long conversationOf(String channel, String userId) {
        return Long.parseLong(db.one("SELECT id FROM conversation WHERE channel = ? AND channel_user_id = ?", channel, userId));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aResidentAsksForAPersonAnOfficialTakesAnswersAndHandsBack() {
        String[] web = {null};
        String asked = String.join("\n", chat(web, "cho tôi nói chuyện với người thật"));
        assertTrue(asked.contains("đã chuyển tin nhắn") && asked.contains("trong giờ làm việc"), asked);
        long id = conversationOf("web", web[0]);

        // Waiting: offered to the least loaded on-duty official (both hold none: the first), oldest first in the list.
        assertEquals(1, db.count("SELECT COUNT(*) FROM notification n JOIN official o ON o.id = n.official_id "
                + "WHERE o.username IN (?, ?) AND n.kind = 'WAITING_CONVERSATION'", a, b));
        List<Map<String, Object>> waiting = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/conversations?status=WAITING_FOR_OFFICIAL")
                .basicAuth(a, PW), Argument.listOf(Argument.mapOf(String.class, Object.class)));
        Map<String, Object> mine = waiting.stream().filter(c -> ((Number) c.get("id")).longValue() == id).findFirst().orElseThrow();
        assertEquals("WAITING_FOR_OFFICIAL", mine.get("status"));
        assertEquals(Map.of("allowed", true, "mode", "web"), withoutNulls((Map<String, Object>) mine.get("replyWindow")));
        assertTrue(((String) mine.get("waitingSince")).endsWith("+07:00"), mine.toString());
        assertTrue(mine.containsKey("assignee") && ((Map<?, ?>) mine.get("replyWindow")).containsKey("until"),
                "fields without a value are null, not missing (API.md): " + mine);

        // The bot stays quiet while the resident waits; the message is kept for the official.
        assertEquals(List.of(), chat(web, "alo, có ai không ạ"));
        assertEquals(Map.of("kind", "handoff", "id", "gap-can-bo"), Map.of("kind", lastMatch.get("kind"), "id", lastMatch.get("id")),
                "while an official is awaited the message is taken as for the official (API.md)");

        assertEquals("WITH_OFFICIAL", as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/take", "")).get("status"));
        HttpClientResponseException second = refused(b, HttpRequest.POST("/api/v1/conversations/" + id + "/take", ""));
        assertEquals(HttpStatus.CONFLICT, second.getStatus());
        assertTrue(second.getResponse().getBody(String.class).orElse("").contains("already_taken"));
        assertEquals(HttpStatus.CONFLICT, refused(b, HttpRequest.POST("/api/v1/conversations/" + id + "/reply",
                Map.of("text", "Tôi trả lời thay"))).getStatus());

        as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/reply", Map.of("text", "Chào anh, tôi là cán bộ Tư pháp, anh cần hỏi gì ạ?")));
        Eventually.await(Duration.ofSeconds(15), "the official's answer in the web chat",
                () -> later(web[0]).contains("Chào anh, tôi là cán bộ Tư pháp, anh cần hỏi gì ạ?"));
        assertEquals(List.of(), chat(web, "dạ em cảm ơn"), "still with the official: no bot answer");

        assertEquals("BOT", as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/close", "")).get("status"));
        Eventually.await(Duration.ofSeconds(15), "the resident told the assistant is back",
                () -> later(web[0]).stream().anyMatch(t -> t.contains("trợ lý ảo") && t.contains("tiếp tục")));
        assertFalse(chat(web, "giờ làm việc của xã").isEmpty(), "the bot answers again");

        Map<String, Object> detail = as(a, HttpRequest.GET("/api/v1/conversations/" + id));
        List<Map<String, Object>> messages = (List<Map<String, Object>>) detail.get("messages");
        List<String> authors = messages.stream().map(m -> m.get("direction") + ":" + m.get("author")).toList();
        assertEquals(List.of("in:resident", "out:bot", "in:resident", "out:" + a, "in:resident", "out:bot", "in:resident", "out:bot"),
                authors.subList(0, 8), authors.toString());
        Map<String, Object> official = messages.stream().filter(m -> a.equals(m.get("author"))).findFirst().orElseThrow();
        assertEquals("SENT", official.get("delivery"));
        for (String action : List.of("conversation.take", "conversation.reply", "conversation.close")) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = ? AND target = ?", a, action, String.valueOf(id)), action);
        }
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> m) {
        Map<String, Object> out = new java.util.HashMap<>(m);
        out.values().removeIf(java.util.Objects::isNull);
        return out;
    }

    @Test
    void anotherUnitsOfficialGets404() {
        String[] web = {null};
        chat(web, "gặp cán bộ");
        long id = conversationOf("web", web[0]);
        String other = "ho.x" + UUID.randomUUID().toString().substring(0, 8);
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", other, "fullName", "Cán bộ xã khác",
                "unit", "mau", "role", "OFFICIAL", "onDuty", true, "password", PW)).basicAuth("admin", "test-admin-secret"));
        db.update("UPDATE official SET must_change_password = FALSE WHERE username = ?", other);
        assertEquals(HttpStatus.NOT_FOUND, refused(other, HttpRequest.GET("/api/v1/conversations/" + id)).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(other, HttpRequest.POST("/api/v1/conversations/" + id + "/take", "")).getStatus());
        assertEquals("WAITING_FOR_OFFICIAL", db.one("SELECT status FROM conversation WHERE id = ?", id));
    }

    @Test
    void messengerOutsideTheWindowsRefusesTheReplyQueuesNothingAndShowsThePhone() {
        String psid = SignedEvents.id("psid-h");
        messenger(psid, "gặp cán bộ");
        Eventually.await(Duration.ofSeconds(15), "the handoff answer", () -> !FAKES.sentTo(psid).isEmpty());
        long id = conversationOf("messenger", psid);
        as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/take", ""));

        // Three days since the resident wrote: only the HUMAN_AGENT tag may carry a person's reply.
        db.update("UPDATE conversation SET last_inbound_at = ? WHERE id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(3))), id);
        db.update("UPDATE follower SET last_interaction_at = ? WHERE user_id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(3))), psid);
        @SuppressWarnings("unchecked")
        Map<String, Object> w = (Map<String, Object>) as(a, HttpRequest.GET("/api/v1/conversations/" + id)).get("replyWindow");
        assertEquals("human_agent_tag", w.get("mode"));
        assertTrue(((String) w.get("until")).endsWith("+07:00"), "times carry the +07:00 offset (API.md): " + w);
        int before = FAKES.sentTo(psid).size();
        as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/reply", Map.of("text", "Dạ, hồ sơ của anh đã có kết quả.")));
        Eventually.await(Duration.ofSeconds(15), "the tagged reply", () -> FAKES.sentTo(psid).size() > before);
        assertTrue(FAKES.sentTo(psid).get(before).body().contains("HUMAN_AGENT"), FAKES.sentTo(psid).get(before).body());

        // Eight days: no route. 409, nothing queued, and the phone the resident gave is shown.
        db.update("UPDATE conversation SET last_inbound_at = ? WHERE id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(8))), id);
        long queued = db.count("SELECT COUNT(*) FROM outbox WHERE conversation_id = ?", id);
        HttpClientResponseException e = refused(a, HttpRequest.POST("/api/v1/conversations/" + id + "/reply", Map.of("text", "Dạ, anh còn đó không?")));
        assertEquals(HttpStatus.CONFLICT, e.getStatus());
        assertTrue(e.getResponse().getBody(String.class).orElse("").contains("outside_window"));
        assertEquals(queued, db.count("SELECT COUNT(*) FROM outbox WHERE conversation_id = ?", id), "nothing queued");
        @SuppressWarnings("unchecked")
        Map<String, Object> closedWindow = (Map<String, Object>) as(a, HttpRequest.GET("/api/v1/conversations/" + id)).get("replyWindow");
        assertEquals(false, closedWindow.get("allowed"));
    }

    void messenger(String psid, String text) {
        String body = SignedEvents.messengerText(SignedEvents.PAGE_ID, psid, SignedEvents.id("mid."), System.currentTimeMillis(), text);
        http.toBlocking().exchange(HttpRequest.POST("/webhooks/messenger", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Hub-Signature-256", SignedEvents.messengerSignature(body)), String.class);
    }

    @Test
    void twoSimultaneousTakesOneWinsTheOtherGets409() throws Exception {
        String[] web = {null};
        chat(web, "ad ơi cho gặp người");
        long id = conversationOf("web", web[0]);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> results = new ArrayList<>();
        for (String user : List.of(a, b)) {
            Callable<Integer> take = () -> {
                go.await();
                try {
                    return http.toBlocking().exchange(HttpRequest.POST("/api/v1/conversations/" + id + "/take", "").basicAuth(user, PW), String.class)
                            .getStatus().getCode();
                } catch (HttpClientResponseException e) {
                    return e.getStatus().getCode();
                }
            };
            results.add(pool.submit(take));
        }
        go.countDown();
        List<Integer> codes = new ArrayList<>();
        for (Future<Integer> f : results) {
            codes.add(f.get());
        }
        pool.shutdown();
        codes.sort(null);
        assertEquals(List.of(200, 409), codes);
        assertEquals("WITH_OFFICIAL", db.one("SELECT status FROM conversation WHERE id = ?", id));
    }

    @Test
    void twoSimultaneousRequestsForAPersonHandOverOnce() throws Exception {
        String psid = SignedEvents.id("psid-2x");
        messenger(psid, "xin chào");
        Eventually.await(Duration.ofSeconds(15), "the greeting answered", () -> !FAKES.sentTo(psid).isEmpty());
        long id = conversationOf("messenger", psid);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<?>> sent = new ArrayList<>();
        for (String text : List.of("gặp cán bộ", "cho tôi gặp cán bộ")) {
            sent.add(pool.submit(() -> {
                go.await();
                messenger(psid, text);
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : sent) {
            f.get();
        }
        pool.shutdown();
        Eventually.await(Duration.ofSeconds(15), "both handled", () -> db.count("SELECT COUNT(*) FROM message WHERE conversation_id = ? "
                + "AND direction = 'IN'", id) == 3);
        java.util.function.LongSupplier handoffAnswers = () -> FAKES.sentTo(psid).stream()
                .filter(s -> SignedEvents.unescape(s.text()).contains("đã chuyển")).count();
        Eventually.await(Duration.ofSeconds(15), "the handoff answer delivered", () -> handoffAnswers.getAsLong() >= 1);
        Eventually.stays(Duration.ofMillis(1500), "one handoff answer, not two", () -> handoffAnswers.getAsLong() == 1);
        assertEquals(1, db.count("SELECT COUNT(*) FROM notification WHERE kind = 'WAITING_CONVERSATION' AND dedupe_key LIKE ?",
                "handoff:" + id + ":%"), "offered once");
    }

    @Test
    void unsureTwiceInARowHandsOver() {
        String[] web = {null};
        chat(web, "qwxz plokm trrrv");
        String second = String.join("\n", chat(web, "zzkq vbnm lopiu"));
        assertTrue(second.contains("chưa hiểu đúng ý") && second.contains("cán bộ"), second);
        assertEquals("WAITING_FOR_OFFICIAL", db.one("SELECT status FROM conversation WHERE id = ?", conversationOf("web", web[0])));
    }

    @Test
    void anOfficialAnswersFromTheirOwnZaloAndGetsHelpOtherwise() {
        String[] web = {null};
        chat(web, "gặp cán bộ");
        long id = conversationOf("web", web[0]);
        String zaloOfA = "zalo-" + a;
        String help = zalo(zaloOfA, "xin chào");
        assertTrue(help.contains("#<mã phản ánh>"), help);
        assertEquals(0, db.count("SELECT COUNT(*) FROM conversation WHERE channel = 'zalo' AND channel_user_id = ?", zaloOfA),
                "an official never talks to the bot");

        String notYet = zalo(zaloOfA, "#" + id + " Dạ, tôi nghe đây ạ");
        assertTrue(notYet.contains("chưa nhận"), notYet);
        as(a, HttpRequest.POST("/api/v1/conversations/" + id + "/take", ""));
        String ok = zalo(zaloOfA, "#" + id + " Dạ, tôi là cán bộ Văn phòng, tôi nghe đây ạ");
        assertTrue(ok.contains("Đã nhận trả lời"), ok);
        Eventually.await(Duration.ofSeconds(15), "the answer from Zalo in the web chat",
                () -> later(web[0]).contains("Dạ, tôi là cán bộ Văn phòng, tôi nghe đây ạ"));
        assertEquals(a, db.one("SELECT author FROM message WHERE conversation_id = ? AND author IS NOT NULL ORDER BY id DESC LIMIT 1", id));
    }

    String zalo(String user, String text) {
        int before = FAKES.sentTo(user).size();
        long ts = System.currentTimeMillis();
        String body = SignedEvents.zaloText(SignedEvents.OA_ID, user, SignedEvents.id("z"), ts, text);
        http.toBlocking().exchange(HttpRequest.POST("/webhooks/zalo", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts)), String.class);
        Eventually.await(Duration.ofSeconds(15), "the OA's answer to the official", () -> FAKES.sentTo(user).size() > before);
        return SignedEvents.unescape(FAKES.sentTo(user).get(before).text());
    }

    long escalations() {
        return db.count("SELECT COUNT(*) FROM notification n JOIN official o ON o.id = n.official_id "
                + "WHERE o.username = ? AND n.kind = 'ESCALATION'", leader);
    }

    @Test
    void aConversationLeftWaitingIsEscalatedToTheLeadersOnce() {
        String[] web = {null};
        chat(web, "gặp cán bộ");
        long id = conversationOf("web", web[0]);
        handoff.escalateOverdue();
        assertEquals(0, escalations(), "not yet: it has just started waiting");
        db.update("UPDATE conversation SET waiting_since = ? WHERE id = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(5))), id);
        assertTrue(handoff.escalateOverdue() >= 1);
        handoff.escalateOverdue();
        assertEquals(1, escalations(), "once");
    }
}
