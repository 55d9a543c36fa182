package vn.friendlygov;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static vn.friendlygov.support.SignedEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batched SQL of the hot paths (INSERT IGNORE batches, ON DUPLICATE KEY UPDATE … VALUES(),
 * IN (:list) … FOR UPDATE, SKIP LOCKED claims) on the embedded H2 database in MySQL mode, the
 * default for a first run: a web chat, the conversation batch, follower touches, outbox dedupe and
 * a Zalo event end to end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchesOnH2Test {
    static final String UNIT = "xa-h2";
    static final String OA = "700800900";

    FakePlatforms fakes;
    EmbeddedServer server;
    HttpClient http;
    ApplicationContext ctx;
    Db db;

    @BeforeAll
    void start() throws Exception {
        fakes = new FakePlatforms();
        fakes.setZaloTokens("h2-access", "h2-refresh");
        Map<String, Object> p = new HashMap<>(fakes.properties());
        p.put("datasources.default.url", "jdbc:h2:mem:batches" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY");
        p.put("datasources.default.driver-class-name", "org.h2.Driver");
        p.put("datasources.default.username", "sa");
        p.put("datasources.default.password", "");
        p.put("channels.zalo.app-id", SignedEvents.ZALO_APP_ID);
        p.put("channels.zalo.app-secret", "zalo-app-secret");
        p.put("channels.zalo.oa-secret-key", SignedEvents.ZALO_OA_SECRET);
        p.put("units." + UNIT + ".name", "Xã Thử");
        p.put("units." + UNIT + ".zalo.oa-id", OA);
        p.put("units." + UNIT + ".zalo.access-token", "h2-access");
        p.put("units." + UNIT + ".zalo.refresh-token", "h2-refresh");
        p.put("outbox.dispatcher.base-backoff", "50ms");
        server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        ctx = server.getApplicationContext();
        http = HttpClient.create(server.getURL());
        db = new Db(ctx.getBean(DataSource.class));
        assertTrue(db.one("SELECT H2VERSION()") != null, "running on H2");
    }

    @AfterAll
    void stop() {
        if (http != null) {
            http.close();
        }
        if (server != null) {
            server.close();
        }
        fakes.close();
    }

    /** {@code conversationId} null: a first message, for which the server issues the id. */
    private HttpResponse<String> chat(String conversationId, String text) {
        return http.toBlocking().exchange(HttpRequest.POST("/api/v1/chat", conversationId == null ? Map.of("text", text)
                        : Map.of("conversationId", conversationId, "text", text))
                .contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
    }

    private static String issuedId(HttpResponse<String> r) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"conversationId\":\"([0-9a-f]{40})\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    private Unit unit(String code) {
        return ctx.getBean(UnitDirectory.class).byCode(code).orElseThrow();
    }

    @Test
    void webChatMessagesAreAnsweredAlsoSeveralAtOnce() {
        HttpResponse<String> r = chat(null, "làm giấy khai sinh cần giấy tờ gì");
        assertEquals(HttpStatus.OK, r.getStatus());
        assertTrue(r.body().contains("\"id\":\"khai-sinh\""), r.body());
        String id = issuedId(r);
        // Several at once over new and existing conversations: batches with IN lists and INSERT IGNORE of several rows.
        List<String> ids = List.of(id, issuedId(chat(null, "xin chào")), issuedId(chat(null, "xin chào")));
        List<String> started = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        List<CompletableFuture<HttpStatus>> calls = java.util.stream.Stream.concat(ids.stream(), java.util.stream.Stream.of("", ""))
                .flatMap(c -> List.of("thủ tục đăng ký kết hôn", "đăng ký khai tử cần những gì")
                .stream().map(q -> CompletableFuture.supplyAsync(() -> {
                    try {
                        HttpResponse<String> answer = chat(c.isEmpty() ? null : c, q);
                        if (c.isEmpty()) {
                            started.add(issuedId(answer));
                        }
                        return answer.getStatus();
                    } catch (HttpClientResponseException e) {
                        return e.getStatus();
                    }
                }))).toList();
        calls.forEach(c -> assertEquals(HttpStatus.OK, c.join()));
        assertEquals(3, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", id));
        for (String c : ids.subList(1, 3)) {
            assertEquals(3, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                    + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", c), c);
        }
        assertEquals(4, new java.util.HashSet<>(started).size(), "each first message its own conversation: " + started);
        for (String c : started) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                    + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", c), c);
        }
    }

    @Test
    void handleAllWithAnExistingAndANewConversation() {
        ConversationService conversations = ctx.getBean(ConversationService.class);
        Unit mau = unit("mau");
        String existing = id("h2-old-");
        String fresh = id("h2-new-");
        conversations.handle(mau, "web", existing, Inbound.text("xin chào"));
        List<ConversationService.Handled> handled = conversations.handleAll(List.of(
                new ConversationService.Request(mau, "web", existing, Inbound.text("thủ tục đăng ký kết hôn")),
                new ConversationService.Request(mau, "web", fresh, Inbound.text("làm giấy khai sinh cần giấy tờ gì")),
                new ConversationService.Request(mau, "web", fresh, Inbound.text("đăng ký khai tử cần những gì"))));
        assertEquals(List.of("ket-hon", "khai-sinh", "khai-tu"), handled.stream().map(h -> h.outcome().match().id()).toList());
        assertEquals(handled.get(1).conversation().getId(), handled.get(2).conversation().getId(), "one conversation for one resident");
        assertEquals(1, db.count("SELECT COUNT(*) FROM conversation WHERE channel = 'web' AND channel_user_id = ?", fresh));
        assertEquals(2, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", existing));
        assertEquals(2, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", fresh));
        assertEquals("khai-tu", db.one("SELECT topic_id FROM conversation WHERE channel_user_id = ?", fresh), "the last turn is remembered");
        // Both rows are saved by one UPDATE (CASE on id): each keeps its own values.
        assertEquals("ket-hon", db.one("SELECT topic_id FROM conversation WHERE channel_user_id = ?", existing), "each conversation its own turn");
    }

    @Test
    void aBatchOfMoreThanOneStatementsWorthOfConversationsKeepsEachOnesTurn() {
        ConversationService conversations = ctx.getBean(ConversationService.class);
        Unit mau = unit("mau");
        List<String> residents = new java.util.ArrayList<>();
        List<ConversationService.Request> requests = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {   // 100 rows per UPDATE: three statements
            String r = id("h2-many-");
            residents.add(r);
            requests.add(new ConversationService.Request(mau, "web", r,
                    Inbound.text(i % 2 == 0 ? "thủ tục đăng ký kết hôn" : "làm giấy khai sinh cần giấy tờ gì")));
        }
        conversations.handleAll(requests);
        for (int i = 0; i < residents.size(); i++) {
            assertEquals(i % 2 == 0 ? "ket-hon" : "khai-sinh",
                    db.one("SELECT topic_id FROM conversation WHERE channel_user_id = ?", residents.get(i)), "resident " + i);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void followerTouchesInsertThenUpdate() {
        FollowerRepository followers = ctx.getBean(FollowerRepository.class);
        TransactionOperations<Connection> tx = ctx.getBean(TransactionOperations.class);
        long unitId = unit(UNIT).id();
        String a = id("h2-a");
        String b = id("h2-b");
        Instant first = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        Instant later = first.plus(30, ChronoUnit.MINUTES);
        tx.executeWrite(s -> {
            followers.touchAll(List.of(new FollowerRepository.Touch(unitId, Channels.MESSENGER, a, true),
                    new FollowerRepository.Touch(unitId, Channels.MESSENGER, a, true),
                    new FollowerRepository.Touch(unitId, Channels.MESSENGER, b, false)), first);
            return null;
        });
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE user_id = ?", a), "the same resident twice in a batch is one row");
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE user_id = ? AND following = TRUE AND last_interaction_at = ?",
                a, Timestamp.from(first)));
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE user_id = ? AND following = FALSE", b));
        tx.executeWrite(s -> {
            followers.touchAll(List.of(new FollowerRepository.Touch(unitId, Channels.MESSENGER, a, false)), later);
            return null;
        });
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE user_id = ?", a));
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE user_id = ? AND following = TRUE AND last_interaction_at = ? "
                + "AND updated_at = ?", a, Timestamp.from(later), Timestamp.from(later)), "the time moved on, following did not change");
    }

    @Test
    void outboxDropsADuplicateDedupeKey() {
        Outbox outbox = ctx.getBean(Outbox.class);
        long unitId = unit(UNIT).id();
        String recipient = id("h2-r");   // not a follower: the dispatcher skips these rows without calling Zalo
        String key = "test:" + recipient;
        outbox.enqueueAll(List.of(
                new OutboundMessage(unitId, Channels.ZALO, recipient, null, MessageKind.REPLY, Reply.of("thứ nhất"), key + ":1"),
                new OutboundMessage(unitId, Channels.ZALO, recipient, null, MessageKind.REPLY, Reply.of("bản lặp"), key + ":1"),
                new OutboundMessage(unitId, Channels.ZALO, recipient, null, MessageKind.REPLY, Reply.of("thứ hai"), key + ":2")));
        outbox.enqueueAll(List.of(new OutboundMessage(unitId, Channels.ZALO, recipient, null, MessageKind.REPLY, Reply.of("lại"), key + ":1")));
        assertEquals(2, db.count("SELECT COUNT(*) FROM outbox WHERE recipient_id = ?", recipient));
        assertEquals(1, db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key = ?", key + ":1"));
        assertTrue(db.one("SELECT body FROM outbox WHERE dedupe_key = ?", key + ":1").contains("thứ nhất"), "the first one is kept");
    }

    @Test
    void zaloEventsAreStoredHandledAndAnsweredOnce() {
        String u1 = id("9");
        String u2 = id("9");
        long ts = System.currentTimeMillis();
        for (String[] e : new String[][]{{u1, "thủ tục đăng ký kết hôn"}, {u2, "làm giấy khai sinh cần giấy tờ gì"}, {u1, "đăng ký khai tử cần những gì"}}) {
            ts++;
            String body = SignedEvents.zaloText(OA, e[0], id("z"), ts, e[1]);
            HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.POST("/webhooks/zalo", body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header("X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts)), String.class);
            assertEquals(HttpStatus.OK, r.getStatus());
        }
        Eventually.await(Duration.ofSeconds(15), "answers on H2", () -> fakes.sentTo(u1).size() == 2 && fakes.sentTo(u2).size() == 1);
        Eventually.stays(Duration.ofMillis(800), "answered once", () -> fakes.sentTo(u1).size() == 2 && fakes.sentTo(u2).size() == 1);
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id IN (?, ?) AND status <> 'DONE'", u1, u2));
        assertEquals(2, db.count("SELECT COUNT(*) FROM follower WHERE user_id IN (?, ?) AND last_interaction_at IS NOT NULL", u1, u2));
        assertEquals(3, db.count("SELECT COUNT(*) FROM outbox WHERE recipient_id IN (?, ?) AND status = 'SENT'", u1, u2));
    }
}
