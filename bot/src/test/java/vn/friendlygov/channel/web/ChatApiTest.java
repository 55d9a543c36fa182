package vn.friendlygov.channel.web;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Value;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.knowledge.Aspect;
import vn.friendlygov.knowledge.KnowledgeEntry;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.WebChatIds;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v1/chat and friends over real HTTP, against the real database (API.md "Web chat"). */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatApiTest {
    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    KnowledgeService knowledge;
    @Inject
    Templates templates;
    @Inject
    UnitDirectory units;
    @Inject
    Outbox outbox;
    @Value("${units.mau.office-hours}")
    String officeHours;

    Db db;

    @BeforeAll
    void setUp() {
        db = new Db(dataSource);
    }

    record Answer(HttpStatus status, Map<String, Object> body, String raw) {
        @SuppressWarnings("unchecked")
        Map<String, Object> match() {
            return (Map<String, Object>) body.get("match");
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> replies() {
            return (List<Map<String, Object>>) body.get("replies");
        }

        String text() {
            StringBuilder s = new StringBuilder();
            replies().forEach(r -> s.append(r.get("text")).append('\n'));
            return s.toString();
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> quickReplies() {
            return (List<Map<String, Object>>) replies().get(replies().size() - 1).get("quickReplies");
        }
    }

    /** The test's names for residents and the conversation ids the server issued them. */
    final WebChatIds ids = new WebChatIds();

    /** A new resident (a name for this test; the server issues the id at the first message). */
    static String newId() {
        return WebChatIds.newAlias();
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer raw(HttpClient http, String body) {
        HttpRequest<String> req = HttpRequest.POST("/api/v1/chat", body).contentType(MediaType.APPLICATION_JSON_TYPE);
        try {
            HttpResponse<String> r = http.toBlocking().exchange(req, String.class);
            return answer(r.getStatus(), r.getBody().orElse(""));
        } catch (HttpClientResponseException e) {
            return answer(e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    @SuppressWarnings("unchecked")
    private Answer answer(HttpStatus status, String raw) {
        Map<String, Object> body = null;
        try {
            body = raw.isBlank() ? Map.of() : json.readValue(raw, Map.class);
        } catch (IOException e) {
            // not JSON: left null, the assertions say so
        }
        Answer a = new Answer(status, body, raw);
        if (status == HttpStatus.OK && body != null && body.get("replies") != null) {
            checkLimits(a);
        }
        return a;
    }

    /** Every answer, whatever it is: texts ≤ 2000 characters, quick-reply titles ≤ 20 (Messenger's limits). */
    private static void checkLimits(Answer a) {
        for (Map<String, Object> r : a.replies()) {
            String text = (String) r.get("text");
            assertNotNull(text);
            assertFalse(text.isBlank(), "empty reply");
            assertTrue(text.codePointCount(0, text.length()) <= 2000, "reply of " + text.length() + " characters");
            assertTrue(r.get("quickReplies") instanceof List, "quickReplies is always a list, [] when none: " + a.raw());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> quick = (List<Map<String, Object>>) r.get("quickReplies");
            {
                for (Map<String, Object> q : quick) {
                    String title = (String) q.get("title");
                    assertTrue(title != null && !title.isBlank() && title.length() <= 20, "quick-reply title '" + title + "'");
                    assertTrue(q.get("payload") instanceof String p && !p.isBlank(), "payload of " + title);
                }
            }
        }
    }

    private Answer chat(String conversationId, String text) {
        return with(Map.of("conversationId", conversationId, "text", text));
    }

    private Answer ok(String conversationId, String text) {
        Answer a = chat(conversationId, text);
        assertEquals(HttpStatus.OK, a.status(), a.raw());
        return a;
    }

    private Answer postback(String conversationId, String payload) {
        Answer a = with(Map.of("conversationId", conversationId, "postback", payload));
        assertEquals(HttpStatus.OK, a.status(), a.raw());
        return a;
    }

    private KnowledgeEntry entry(String id) {
        return knowledge.current().base().entry(id).orElseThrow();
    }

    // --- answers ------------------------------------------------------------------------------------

    @Test
    void aQuestionGetsTheDocumentedShape() {
        String id = newId();
        Answer a = ok(id, "cho em hoi lam giay khai sinh cho con moi de can mang nhung giay to gi a");
        assertEquals(Set.of("conversationId", "replies", "match"), a.body().keySet(), a.raw());
        assertEquals(ids.id(id), a.body().get("conversationId"));
        assertFalse(a.replies().isEmpty());
        for (Map<String, Object> r : a.replies()) {
            assertTrue(r.get("text") instanceof String);
            assertTrue(r.get("quickReplies") instanceof List, "quickReplies is always a list: " + a.raw());
        }
        assertFalse(a.quickReplies().isEmpty());
        a.quickReplies().forEach(q -> assertEquals(Set.of("title", "payload"), q.keySet()));
        assertEquals(Set.of("kind", "id", "confidence"), a.match().keySet());
        assertEquals("procedure", a.match().get("kind"));
        assertEquals("khai-sinh", a.match().get("id"));
        double confidence = ((Number) a.match().get("confidence")).doubleValue();
        assertTrue(confidence > 0 && confidence <= 1, "confidence " + confidence);
        // a documents question is answered with the documents section
        assertTrue(a.text().contains(entry("khai-sinh").answers().get(Aspect.DOCUMENTS)), a.text());
    }

    @Test
    void aPenaltyOrATaxQuestionGetsThatSectionOfTheRealEntry() {
        // However it is typed: with diacritics, without, in a long sentence.
        for (String q : List.of("khai sinh cho con trễ hơn 60 ngày có bị phạt không ạ",
                "con em 3 thang roi chua lam giay khai sinh co bi phat k")) {
            Answer a = ok(newId(), q);
            assertEquals("khai-sinh", a.match().get("id"), q + " → " + a.raw());
            assertTrue(a.text().contains(entry("khai-sinh").answers().get(Aspect.PENALTY)), q + " → " + a.text());
        }
        for (String q : List.of("hộ kinh doanh bây giờ đóng thuế thế nào ạ", "mo quan an ho kinh doanh phai dong thue bao nhieu")) {
            Answer a = ok(newId(), q);
            assertEquals("ho-kinh-doanh", a.match().get("id"), q + " → " + a.raw());
            assertTrue(a.text().contains(entry("ho-kinh-doanh").answers().get(Aspect.TAX)), q + " → " + a.text());
        }
    }

    @Test
    void aQuickReplyAnswersItsSection() {
        String id = newId();
        Answer first = ok(id, "thủ tục đăng ký kết hôn");
        assertEquals("ket-hon", first.match().get("id"));
        KnowledgeEntry e = entry("ket-hon");
        int aspectsTried = 0;
        for (Map<String, Object> q : first.quickReplies()) {
            String title = (String) q.get("title");
            for (Aspect aspect : Aspect.values()) {
                if (aspect.label().equals(title)) {
                    Answer a = postback(id, (String) q.get("payload"));
                    assertEquals("ket-hon", a.match().get("id"));
                    assertEquals("procedure", a.match().get("kind"));
                    assertTrue(a.text().contains(e.answers().get(aspect)), title + " → " + a.text());
                    aspectsTried++;
                }
            }
            if (title.equals("Căn cứ pháp lý")) {
                Answer a = postback(id, (String) q.get("payload"));
                assertTrue(a.text().contains(e.legalBasis().get(0)), a.text());
            }
        }
        assertTrue(aspectsTried >= 4, "quick replies offered the other sections: " + first.quickReplies());
    }

    @Test
    void aPenaltyQuestionWhereTheEntryHasNoFigureSaysSo() {
        // A procedure whose reviewed text never speaks of a penalty: the bot says so, then gives the time limit.
        KnowledgeEntry e = knowledge.current().base().all().stream()
                .filter(x -> x.kind() == vn.friendlygov.knowledge.EntryKind.PROCEDURE && !x.answers().containsKey(Aspect.PENALTY)
                        && x.answers().values().stream().noneMatch(t -> t.contains("phạt")))
                .findFirst().orElseThrow();
        String id = newId();
        ok(id, e.title());
        Answer a = postback(id, "kb:" + e.id() + ":penalty");
        assertEquals(e.catalogueId(), a.match().get("id"), a.raw());
        assertTrue(a.text().startsWith("Dạ, thông tin đã được rà soát của thủ tục này chưa có quy định về mức phạt"), a.text());
        assertTrue(a.text().contains(e.answers().get(Aspect.TIME)), a.text());
        assertFalse(a.quickReplies().stream().anyMatch(q -> q.get("title").equals(Aspect.PENALTY.label())), "no button for a part it lacks");
    }

    @Test
    void aFollowUpUsesTheCurrentTopic() {
        String id = newId();
        Answer first = ok(id, "con toi vua sinh, muon di khai sinh cho chau");
        assertEquals("khai-sinh", first.match().get("id"));
        Answer fee = ok(id, "còn lệ phí thì sao?");
        assertEquals("procedure", fee.match().get("kind"));
        assertEquals("khai-sinh", fee.match().get("id"));
        assertTrue(fee.text().contains(entry("khai-sinh").answers().get(Aspect.FEE)), fee.text());
        assertTrue(fee.text().toLowerCase().contains("lệ phí"), fee.text());
        // what the bot remembers is in the database, not in this instance's memory
        assertEquals("khai-sinh", db.one("SELECT topic_id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", ids.id(id)));
        // without a topic the same words are not taken as khai sinh
        Answer cold = ok(newId(), "còn lệ phí thì sao?");
        assertFalse("khai-sinh".equals(cold.match().get("id")), cold.raw());
    }

    @Test
    void aShortAspectQuestionThatNamesNothingStaysOnTheTopic() {
        // "có giá trị bao lâu" fits the residence confirmation's examples (CT07 validity) on its own;
        // after the single-status certificate it asks how long that one is valid.
        String id = newId();
        assertEquals("xac-nhan-hon-nhan", ok(id, "xin giấy xác nhận tình trạng hôn nhân").match().get("id"));
        Answer validity = ok(id, "có giá trị bao lâu z");
        assertEquals("xac-nhan-hon-nhan", validity.match().get("id"), validity.raw());
        // a short message that names another topic still switches
        assertEquals("khai-tu", ok(id, "còn khai tử thì sao").match().get("id"));
    }

    @Test
    void anEntryThatDetailsACatalogueTopicAnswersItselfAndIsReportedUnderThatTopic() {
        KnowledgeEntry e = entry("tam-vang");
        assertEquals("cu-tru", e.catalogueId());
        String id = newId();
        Answer first = ok(id, "khai bao tam vang thi lam o dau a");
        assertEquals(Set.of("kind", "id", "confidence"), first.match().keySet(), first.raw());
        assertEquals("cu-tru", first.match().get("id"), first.raw());
        assertTrue(first.text().contains(e.answers().get(Aspect.PLACE)), first.text());
        assertTrue(first.quickReplies().stream().allMatch(q -> ((String) q.get("payload")).startsWith("kb:tam-vang:")), first.raw());
        // the conversation stays on the detailed entry, and the message records the entry that answered
        assertEquals("tam-vang", db.one("SELECT topic_id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", ids.id(id)));
        Answer fee = ok(id, "phí nhiêu vậy ad");
        assertEquals("cu-tru", fee.match().get("id"), fee.raw());
        assertTrue(fee.text().contains(e.answers().get(Aspect.FEE)), fee.text());
        assertEquals("2", db.one("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel = 'web' AND c.channel_user_id = ? AND m.direction = 'IN' AND m.match_id = 'tam-vang'", ids.id(id)));
    }

    @Test
    void theConversationSurvivesARestart() {
        String id = newId();
        assertEquals("ket-hon", ok(id, "dang ky ket hon can nhung gi").match().get("id"));
        assertEquals("ket-hon", db.one("SELECT topic_id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", ids.id(id)));
        // A second instance on the same database (as after a restart, or behind a load balancer).
        try (EmbeddedServer other = ApplicationContext.run(EmbeddedServer.class, "test");
             HttpClient otherClient = HttpClient.create(other.getURL())) {
            Answer a = raw(otherClient, toJson(ids.request(Map.of("conversationId", id, "text", "mất mấy ngày?"))));
            assertEquals(HttpStatus.OK, a.status(), a.raw());
            assertEquals("ket-hon", a.match().get("id"), a.raw());
            assertTrue(a.text().contains(entry("ket-hon").answers().get(Aspect.TIME)), a.text());
        }
    }

    @Test
    void infoEntriesShowTheUnitsOwnData() {
        Answer a = ok(newId(), "Trung tâm hành chính công xã mình mở cửa từ mấy giờ đến mấy giờ vậy");
        assertEquals("info", a.match().get("kind"));
        assertEquals("dia-chi-gio-lam-viec", a.match().get("id"));
        assertTrue(a.text().contains(officeHours), a.text());
        var unit = units.byCode("mau").orElseThrow();
        assertTrue(unit.sample());
        String notice = templates.render("replies.sample_notice", UnitContext.of(unit, units));
        assertFalse(notice.isBlank());
        assertTrue(a.text().contains(notice), "the sample unit's answers say they are sample data: " + a.text());
        assertFalse(a.text().contains("{{"), "template leaked: " + a.text());
    }

    @Test
    void smallTalk() {
        Answer hello = ok(newId(), "chào ad ạ");
        assertEquals("smalltalk", hello.match().get("kind"));
        assertEquals("chao", hello.match().get("id"));
        assertFalse(hello.quickReplies().isEmpty(), "a greeting offers the menu");
        Answer thanks = ok(newId(), "dạ em cảm ơn nhiều ạ");
        assertEquals("smalltalk", thanks.match().get("kind"));
        assertEquals("cam-on", thanks.match().get("id"));
    }

    @Test
    void outOfScopeGetsTheFallback() {
        Answer a = ok(newId(), "tối nay đội tuyển bóng đá Việt Nam đá với ai, mấy giờ");
        assertEquals("fallback", a.match().get("kind"), a.raw());
        assertEquals("fallback", a.match().get("id"));
        assertFalse(a.quickReplies().isEmpty(), "the fallback offers an official or the menu");
    }

    @Test
    void unknownRequestFieldsAreIgnored() {
        Answer a = with(Map.of("conversationId", newId(), "text", "xin chào", "colour", "red", "extra", List.of(1, 2)));
        assertEquals(HttpStatus.OK, a.status(), a.raw());
    }

    // --- errors -------------------------------------------------------------------------------------

    private void assertError(Answer a, HttpStatus status, String code) {
        assertEquals(status, a.status(), a.raw());
        assertNotNull(a.body(), "error body is JSON: " + a.raw());
        assertEquals(Set.of("error", "message"), a.body().keySet(), a.raw());
        assertEquals(code, a.body().get("error"), a.raw());
        assertTrue(a.body().get("message") instanceof String m && !m.isBlank(), a.raw());
        for (String leak : List.of("Exception", "\tat ", "at io.", "at vn.", "at java.", "com.fasterxml", "io.micronaut")) {
            assertFalse(a.raw().contains(leak), "internals in an error body: " + a.raw());
        }
    }

    /** A message as {@code fields}, its conversationId being the test's name for the resident ({@link WebChatIds}). */
    private Answer with(Map<String, Object> fields) {
        Answer a = raw(client, toJson(ids.request(fields)));
        ids.remember(fields.get("conversationId"), a.body());
        return a;
    }

    @Test
    void badTextIsRefused() {
        String id = newId();
        assertError(with(Map.of("conversationId", id)), HttpStatus.BAD_REQUEST, "invalid_request");
        assertError(with(Map.of("conversationId", id, "text", "")), HttpStatus.BAD_REQUEST, "invalid_request");
        assertError(with(Map.of("conversationId", id, "text", "   \n\t ")), HttpStatus.BAD_REQUEST, "invalid_request");
        assertError(with(Map.of("conversationId", id, "text", "a".repeat(2001))), HttpStatus.BAD_REQUEST, "invalid_request");
        // 2001 characters counted as characters, not UTF-16 units or bytes: 2000 Vietnamese letters are fine
        assertEquals(HttpStatus.OK, with(Map.of("conversationId", id, "text", "a".repeat(2000))).status());
        assertEquals(HttpStatus.OK, with(Map.of("conversationId", newId(), "text", "ạ".repeat(2000))).status());
        // sent the way a browser sends it (JSON.stringify: raw UTF-8), 2000 emoji fit the 16 KiB body limit
        assertEquals(HttpStatus.OK, raw(client, "{\"text\":\"" + "😀".repeat(2000) + "\"}").status());
        assertError(raw(client, "{\"text\":\"" + "😀".repeat(2001) + "\"}"),
                HttpStatus.BAD_REQUEST, "invalid_request");
        // no message was stored for the refused ones
        assertEquals(1, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel_user_id = ? AND m.direction = 'IN'", ids.id(id)));
    }

    @Test
    void badConversationIdIsRefused() {
        // Ids are issued by the server (40 lowercase hex digits): anything else is malformed, whatever it was before.
        for (String bad : List.of("x".repeat(65), "has space", "../x", "", "é-accent", "a/b", "1", "w-demo", "A_b-9",
                "0".repeat(39), "0".repeat(41), "ABCDEF0123".repeat(4))) {
            assertError(raw(client, toJson(Map.of("conversationId", bad, "text", "xin chào"))), HttpStatus.BAD_REQUEST, "invalid_request");
        }
        // the first message carries none
        Answer first = with(Map.of("text", "xin chào"));
        assertEquals(HttpStatus.OK, first.status(), first.raw());
        assertTrue(((String) first.body().get("conversationId")).matches("[0-9a-f]{40}"), first.raw());
    }

    @Test
    void malformedJsonIsRefused() {
        assertError(raw(client, "{\"conversationId\": \"w-1\", \"text\": "), HttpStatus.BAD_REQUEST, "invalid_request");
        assertError(raw(client, "not json at all"), HttpStatus.BAD_REQUEST, "invalid_request");
        assertError(raw(client, "{\"conversationId\": \"w-1\", \"text\": [1,2]}"), HttpStatus.BAD_REQUEST, "invalid_request");
    }

    @Test
    void unknownUnitIsRefused() {
        assertError(with(Map.of("conversationId", newId(), "text", "xin chào", "unit", "khong-co-don-vi-nay")),
                HttpStatus.BAD_REQUEST, "invalid_request");
        assertEquals(HttpStatus.OK, with(Map.of("conversationId", newId(), "text", "xin chào", "unit", "mau")).status());
    }

    @Test
    void oversizedBodyIs413() {
        String body = toJson(Map.of("conversationId", newId(), "text", "a".repeat(17 * 1024)));
        assertError(raw(client, body), HttpStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large");
    }

    @Test
    void hostileAndUnusualTextIsAnsweredAndStoredVerbatim() {
        List<String> texts = List.of(
                "👋🏻 chào ad 🙏😀 làm khai sinh 👶 cần gì",
                "你好 Привет مرحبا xin chào ạ",
                "<script>alert(1)</script>",
                "'; DROP TABLE message; --",
                "\" OR 1=1 -- \\ %s ${jndi:ldap://x} {{unit.name}}");
        for (String text : texts) {
            String id = newId();
            Answer a = ok(id, text);
            assertFalse(a.replies().isEmpty(), text);
            String stored = db.one("SELECT m.body FROM message m JOIN conversation c ON c.id = m.conversation_id "
                    + "WHERE c.channel = 'web' AND c.channel_user_id = ? AND m.direction = 'IN'", ids.id(id));
            assertEquals(text, stored, "stored exactly as received");
            assertFalse(a.text().contains("<script>"), "the answer does not echo markup: " + a.text());
        }
        assertTrue(db.count("SELECT COUNT(*) FROM message") > 0, "the message table is still there");
    }

    // --- messages that arrive later, operations ------------------------------------------------------

    @Test
    void laterMessagesOfANewConversationAreEmpty() {
        String id = WebChatIds.start(client, "xin chào");
        String body = client.toBlocking().retrieve("/api/v1/chat/" + id + "/messages?after=0");
        assertEquals(Map.of("messages", List.of()), parse(body));
        assertEquals(Map.of("messages", List.of()), parse(client.toBlocking().retrieve("/api/v1/chat/" + id + "/messages")));
        for (String bad : List.of("abc", "-1", "1.5")) {
            assertError(get("/api/v1/chat/" + id + "/messages?after=" + bad), HttpStatus.BAD_REQUEST, "invalid_request");
        }
        assertError(get("/api/v1/chat/" + "x".repeat(65) + "/messages?after=0"), HttpStatus.BAD_REQUEST, "invalid_request");
    }

    /** What an official or the ticket flow sends a web resident later is fetched from the mailbox, quick replies or not. */
    @Test
    @SuppressWarnings("unchecked")
    void messagesQueuedForAWebResidentReachTheMailbox() {
        String id = WebChatIds.start(client, "xin chào");
        long unitId = units.byCode("mau").orElseThrow().id();
        outbox.enqueueAll(List.of(
                new OutboundMessage(unitId, "web", id, null, MessageKind.UPDATE, Reply.of("Hồ sơ phản ánh của anh/chị đã được tiếp nhận."),
                        "test:" + id + ":1"),
                new OutboundMessage(unitId, "web", id, null, MessageKind.UPDATE, new Reply("Anh/chị có hài lòng không ạ?",
                        List.of(new Reply.QuickReply("Hài lòng", "rate:5"))), "test:" + id + ":2")));
        try {
            Eventually.await(Duration.ofSeconds(10), "both messages in the mailbox",
                    () -> db.count("SELECT COUNT(*) FROM web_mailbox WHERE conversation_key = ?", id) == 2);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; outbox: " + db.one("SELECT GROUP_CONCAT(CONCAT(status, ' ', "
                    + "COALESCE(failure_reason, '')) SEPARATOR ' | ') FROM outbox WHERE recipient_id = ?", id), e);
        }
        List<Map<String, Object>> later = (List<Map<String, Object>>) parse(client.toBlocking()
                .retrieve("/api/v1/chat/" + id + "/messages?after=0")).get("messages");
        assertEquals(List.of("Hồ sơ phản ánh của anh/chị đã được tiếp nhận.", "Anh/chị có hài lòng không ạ?"),
                later.stream().map(m -> m.get("text")).toList());
        assertEquals(List.of(), later.get(0).get("quickReplies"));
        assertEquals(List.of(Map.of("title", "Hài lòng", "payload", "rate:5")), later.get(1).get("quickReplies"));
        // As API.md writes it: to the second, +07:00 (the database keeps milliseconds; the API does not show them).
        later.forEach(m -> assertTrue(((String) m.get("at")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\+07:00"), m.toString()));
    }

    private Map<?, ?> parse(String body) {
        try {
            return json.readValue(body, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer get(String path) {
        try {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.GET(path), String.class);
            return answer(r.getStatus(), r.getBody().orElse(""));
        } catch (HttpClientResponseException e) {
            return answer(e.getStatus(), e.getResponse().getBody(String.class).orElse(""));
        }
    }

    @Test
    void health() {
        Answer a = get("/health");
        assertEquals(HttpStatus.OK, a.status(), a.raw());
        assertEquals("UP", a.body().get("status"), a.raw());
    }

    @Test
    void prometheus() {
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.GET("/prometheus").basicAuth("admin", "test-admin-secret"), String.class);
        assertEquals(HttpStatus.OK, r.getStatus());
        String text = r.body();
        assertTrue(r.getContentType().map(MediaType::toString).orElse("").startsWith("text/plain"), "content type " + r.getContentType());
        assertTrue(text.contains("# TYPE ") && text.contains("jvm_"), "Prometheus text with JVM metrics");
    }

    @Test
    void unknownPathIsAJsonError() {
        assertError(get("/api/v1/nothing-here"), HttpStatus.NOT_FOUND, "not_found");
    }
}
