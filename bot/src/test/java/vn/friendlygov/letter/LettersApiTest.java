package vn.friendlygov.letter;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
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
import vn.friendlygov.channel.Channels;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationRepository;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketKind;
import vn.friendlygov.ticket.TicketService;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.id;

/**
 * Letters end to end over real HTTP on MariaDB with the fake platforms: an official sends a letter from
 * a template to the resident of a case or of a conversation; it leaves through the outbox on the
 * resident's own channel, and the case (deliveries, timeline) and the conversation's history show it
 * with its outcome. Another unit's case or conversation is 404; an opted-out resident gets none; the
 * overdue case's apology takes the same path.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LettersApiTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final String PW = "Mat-khau-thu-gui-2026";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject UnitDirectory units;
    @Inject TicketService tickets;
    @Inject ConversationRepository conversations;
    @Inject Outbox outbox;
    Db db;
    String leader;
    String mauLeader;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.put("tickets.scheduler.enabled", "false");
        p.put("units.vinh-bao.chairman-name", "Hoàng Văn Chủ");
        p.put("units.vinh-bao.chairman-title", "Chủ tịch UBND xã");
        return p;
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        db.update("DELETE FROM template_revision");
        String s = UUID.randomUUID().toString().substring(0, 8);
        leader = "lt.l" + s;
        mauLeader = "lt.m" + s;
        create(leader, "vinh-bao", "Phạm Thị Lãnh");
        create(mauLeader, "mau", "Vũ Thị Mẫu");
    }

    void create(String username, String unit, String name) {
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", username, "fullName", name, "unit", unit,
                "role", "LEADER", "password", PW)).basicAuth("admin", "test-admin-secret"));
        db.update("UPDATE official SET must_change_password = FALSE WHERE username = ?", username);
    }

    Map<String, Object> as(String user, MutableHttpRequest<?> r) {
        return http.toBlocking().retrieve(r.basicAuth(user, PW), Argument.mapOf(String.class, Object.class));
    }

    HttpClientResponseException refused(String user, MutableHttpRequest<?> r) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(r.basicAuth(user, PW), String.class));
    }

    static String error(HttpClientResponseException e) {
        return (String) e.getResponse().getBody(Map.class).orElseThrow().get("error");
    }

    /** A Messenger resident of vinh-bao who wrote a minute ago, with a case. */
    Ticket caseOf(String psid) {
        Unit unit = units.byCode("vinh-bao").orElseThrow();
        Instant now = Instant.now();
        db.update("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "VALUES (?, 'messenger', ?, TRUE, FALSE, ?, ?)", unit.id(), psid, Timestamp.from(now.minusSeconds(60)), Timestamp.from(now));
        Conversation c = conversations.save(Conversation.start(unit.id(), Channels.MESSENGER, psid, now));
        return tickets.create(unit, c, new TicketService.Intake(TicketKind.PHAN_ANH,
                "Đèn đường trước cổng trường tiểu học bị hỏng từ tuần trước", "Thôn Đông", null, null, null, null), now);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLetterToTheResidentOfACaseIsDeliveredAndTheCaseAndTheConversationShowIt() {
        String psid = id("psid-letter-");
        Ticket t = caseOf(psid);
        Map<String, Object> body = Map.of("template", "letters.personal.thanks", "ticket", t.getCode(),
                "variables", Map.of("name", "Ông Trần Văn Bình", "reason", "phản ánh kịp thời sự cố đèn đường"));
        // Case codes are numbered per unit, so "another unit's case" is asked for by its conversation, which is unique.
        HttpClientResponseException other = refused(mauLeader, HttpRequest.POST("/api/v1/letters", Map.of("template", "letters.personal.thanks",
                "conversation", t.getConversationId(), "variables", Map.of("name", "Ông Trần Văn Bình", "reason", "phản ánh kịp thời"))));
        assertEquals(HttpStatus.NOT_FOUND, other.getStatus(), "another unit's conversation does not exist for them");
        assertEquals(0, db.count("SELECT COUNT(*) FROM letter WHERE ticket_id = ?", t.getId()));

        Map<String, Object> letter = as(leader, HttpRequest.POST("/api/v1/letters", body));
        String text = (String) letter.get("text");
        assertTrue(text.startsWith("Kính gửi Ông Trần Văn Bình,"), text);
        assertTrue(text.contains("đã phản ánh kịp thời sự cố đèn đường") && text.contains("Hoàng Văn Chủ")
                && text.contains("Chủ tịch UBND xã") && text.contains("Xã Vĩnh Bảo"), text);
        assertEquals(t.getCode(), letter.get("ticket"));
        assertEquals("messenger", letter.get("channel"));
        assertEquals(leader, letter.get("author"));
        long id = ((Number) letter.get("id")).longValue();

        Eventually.await(Duration.ofSeconds(20), "the letter at the resident's Messenger",
                () -> FAKES.sentTo(psid).stream().anyMatch(m -> m.text() != null && m.text().contains("Ông Trần Văn Bình")));
        Eventually.await(Duration.ofSeconds(10), "the letter recorded as sent",
                () -> "SENT".equals(as(leader, HttpRequest.GET("/api/v1/letters/" + id)).get("status")));
        assertEquals(1, FAKES.sentTo(psid).stream().filter(m -> m.text() != null && m.text().contains("Ông Trần Văn Bình")).count());

        Eventually.await(Duration.ofSeconds(10), "the outcome in the case's timeline", () -> db.count("SELECT COUNT(*) FROM ticket_event "
                + "WHERE ticket_id = ? AND type = 'DELIVERY_SENT' AND note LIKE 'Thư gửi người dân%'", t.getId()) == 1);
        Map<String, Object> view = as(leader, HttpRequest.GET("/api/v1/tickets/" + t.getCode()));
        List<Map<String, Object>> deliveries = (List<Map<String, Object>>) view.get("deliveries");
        assertTrue(deliveries.stream().anyMatch(d -> "letter".equals(d.get("kind")) && "SENT".equals(d.get("status"))
                && "resident".equals(d.get("to"))), deliveries.toString());
        List<String> types = ((List<Map<String, Object>>) view.get("events")).stream().map(e -> (String) e.get("type")).toList();
        assertTrue(types.indexOf("LETTER_QUEUED") >= 0 && types.lastIndexOf("DELIVERY_SENT") > types.indexOf("LETTER_QUEUED"), types.toString());

        Map<String, Object> conversation = as(leader, HttpRequest.GET("/api/v1/conversations/" + t.getConversationId()));
        assertTrue(((List<Map<String, Object>>) conversation.get("messages")).stream().anyMatch(m -> text.equals(m.get("text"))
                && leader.equals(m.get("author")) && "SENT".equals(m.get("delivery"))), conversation.toString());
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'letter.send' AND target = ?",
                leader, t.getCode()));
        assertEquals(HttpStatus.NOT_FOUND, refused(mauLeader, HttpRequest.GET("/api/v1/letters/" + id)).getStatus());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLetterToAWebChatResidentWhoseNameIsUnknownAddressesQuyBaCon() {
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", "xin chào", "unit", "vinh-bao")),
                Argument.mapOf(String.class, Object.class));
        String web = (String) answer.get("conversationId");
        String conversation = db.one("SELECT id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", web);

        // What is refused writes nothing: a case's letter without a case, a value the official may not set,
        // both targets at once, an unknown template, another unit's conversation.
        assertEquals("needs_ticket", error(refused(leader, HttpRequest.POST("/api/v1/letters",
                Map.of("template", "letters.apology.overdue", "conversation", Long.parseLong(conversation))))));
        assertEquals("unknown_variable", error(refused(leader, HttpRequest.POST("/api/v1/letters", Map.of("template",
                "letters.personal.condolence", "conversation", conversation, "variables", Map.of("unit.chairmanName", "Ai đó"))))));
        assertEquals(HttpStatus.BAD_REQUEST, refused(leader, HttpRequest.POST("/api/v1/letters", Map.of("template",
                "letters.personal.condolence", "conversation", conversation, "ticket", "PA-2026-000001"))).getStatus());
        assertEquals("unknown_template", error(refused(leader, HttpRequest.POST("/api/v1/letters",
                Map.of("template", "letters.personal.khong-co", "conversation", conversation)))));
        assertEquals(HttpStatus.NOT_FOUND, refused(mauLeader, HttpRequest.POST("/api/v1/letters",
                Map.of("template", "letters.personal.condolence", "conversation", conversation))).getStatus());
        assertEquals(0, db.count("SELECT COUNT(*) FROM letter WHERE conversation_id = ?", conversation));

        Map<String, Object> letter = as(leader, HttpRequest.POST("/api/v1/letters", Map.of("template", "personal.condolence",
                "conversation", Long.parseLong(conversation))));
        String text = (String) letter.get("text");
        assertTrue(text.startsWith("Kính gửi Quý bà con"), text);
        assertEquals("letters.personal.condolence", letter.get("template"));
        Eventually.await(Duration.ofSeconds(20), "the letter in the resident's web chat", () -> {
            Map<String, Object> m = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chat/" + web + "/messages?unit=vinh-bao"),
                    Argument.mapOf(String.class, Object.class));
            return ((List<Map<String, Object>>) m.get("messages")).stream().anyMatch(x -> text.equals(x.get("text")));
        });

        // "hủy nhận tin": no letter until "đăng ký nhận tin".
        http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("conversationId", web, "text", "hủy nhận tin", "unit", "vinh-bao")),
                Argument.mapOf(String.class, Object.class));
        HttpClientResponseException optedOut = refused(leader, HttpRequest.POST("/api/v1/letters",
                Map.of("template", "letters.personal.thanks", "conversation", conversation)));
        assertEquals(HttpStatus.CONFLICT, optedOut.getStatus());
        assertEquals("opted_out", error(optedOut));
        assertEquals(1, db.count("SELECT COUNT(*) FROM letter WHERE conversation_id = ?", conversation));
        // Kept in the consent ledger with its source, as on the platforms, and confirmed without the Zalo note.
        assertEquals("keyword", db.one("SELECT source FROM consent_event WHERE channel = 'web' AND user_id = ? ORDER BY id DESC LIMIT 1", web));
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE channel = 'web' AND user_id = ? AND opted_out = TRUE", web));

        // "đăng ký nhận tin" (without diacritics too) opts back in, confirmed, and letters go again.
        Map<String, Object> back = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat",
                Map.of("conversationId", web, "text", "dang ky nhan tin", "unit", "vinh-bao")), Argument.mapOf(String.class, Object.class));
        String confirmation = (String) ((List<Map<String, Object>>) back.get("replies")).get(0).get("text");
        assertTrue(confirmation.contains("nhận lại tin nhắn"), confirmation);
        assertEquals(0, db.count("SELECT COUNT(*) FROM follower WHERE channel = 'web' AND user_id = ? AND opted_out = TRUE", web));
        as(leader, HttpRequest.POST("/api/v1/letters", Map.of("template", "letters.personal.thanks", "conversation", conversation)));
        assertEquals(2, db.count("SELECT COUNT(*) FROM letter WHERE conversation_id = ?", conversation));
    }

    @Test
    @SuppressWarnings("unchecked")
    void stopAsTheVeryFirstWebChatMessageIsKept() {
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", "STOP", "unit", "vinh-bao")),
                Argument.mapOf(String.class, Object.class));
        String web = (String) answer.get("conversationId");
        String text = (String) ((List<Map<String, Object>>) answer.get("replies")).get(0).get("text");
        assertTrue(text.contains("không nhận tin nhắn chúc mừng") && !text.contains("Zalo"), text);
        assertEquals(1, db.count("SELECT COUNT(*) FROM follower WHERE channel = 'web' AND user_id = ? AND opted_out = TRUE", web));
        assertEquals(1, db.count("SELECT COUNT(*) FROM conversation WHERE channel = 'web' AND channel_user_id = ? AND opted_out = TRUE", web));
        // The conversation exists, so the next message is answered, not refused as unknown.
        http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("conversationId", web, "text", "làm căn cước ở đâu",
                "unit", "vinh-bao")), Argument.mapOf(String.class, Object.class));
    }

    @Test
    void aLetterQueuedBeforeTheResidentOptedOutIsHeldBackAtSendTime() {
        // The opt-out arrives after the letter was queued: the send-time check holds it back, while the
        // answer to the resident's own question, queued at the same time, still goes.
        String psid = id("psid-late-out-");
        Unit unit = units.byCode("vinh-bao").orElseThrow();
        Instant now = Instant.now();
        db.update("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "VALUES (?, 'messenger', ?, TRUE, TRUE, ?, ?)", unit.id(), psid, Timestamp.from(now.minusSeconds(60)), Timestamp.from(now));
        String letterKey = OutboundMessage.LETTER_KEY_PREFIX + psid;
        outbox.enqueue(new OutboundMessage(unit.id(), Channels.MESSENGER, psid, null, MessageKind.HUMAN,
                Reply.of("Thư cảm ơn gửi bà con"), letterKey));
        outbox.enqueue(new OutboundMessage(unit.id(), Channels.MESSENGER, psid, null, MessageKind.REPLY,
                Reply.of("Dạ, hồ sơ của anh/chị đã được tiếp nhận ạ."), "answer:" + psid));
        Eventually.await(Duration.ofSeconds(20), "both rows final", () -> db.count(
                "SELECT COUNT(*) FROM outbox WHERE dedupe_key IN (?, ?) AND status IN ('SENT', 'SKIPPED', 'FAILED')", letterKey, "answer:" + psid) == 2);
        assertEquals("SKIPPED/opted_out", db.one("SELECT CONCAT(status, '/', reason_code) FROM outbox WHERE dedupe_key = ?", letterKey));
        assertEquals("SENT", db.one("SELECT status FROM outbox WHERE dedupe_key = ?", "answer:" + psid));
        assertEquals(1, FAKES.sentTo(psid).size());
        assertTrue(FAKES.sentTo(psid).get(0).text().contains("đã được tiếp nhận"));
    }

    @Test
    void theOverdueCasesApologyGoesThroughTheLettersPathOnce() {
        String psid = id("psid-apology-");
        Ticket t = caseOf(psid);
        tickets.followUp(t.getId(), t.getDueAt().plusSeconds(60));
        tickets.followUp(t.getId(), t.getDueAt().plusSeconds(120));
        assertEquals(1, db.count("SELECT COUNT(*) FROM letter WHERE ticket_id = ? AND template = 'letters.apology.overdue' "
                + "AND author = 'hệ thống'", t.getId()));
        assertEquals(1, db.count("SELECT COUNT(*) FROM outbox WHERE ticket_id = ? AND purpose = 'apology' AND kind = 'UPDATE'", t.getId()));
        assertEquals(1, db.count("SELECT COUNT(*) FROM ticket_event WHERE ticket_id = ? AND type = 'APOLOGY_QUEUED'", t.getId()));
        Eventually.await(Duration.ofSeconds(20), "the apology at the resident's Messenger",
                () -> FAKES.sentTo(psid).stream().anyMatch(m -> m.text() != null && m.text().contains("THƯ XIN LỖI")
                        && m.text().contains(t.getCode())));
        Map<String, Object> view = new HashMap<>(as(leader, HttpRequest.GET("/api/v1/tickets/" + t.getCode())));
        assertTrue(view.get("deliveries").toString().contains("apology"), view.toString());
    }
}
