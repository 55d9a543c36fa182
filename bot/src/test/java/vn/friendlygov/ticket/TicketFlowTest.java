package vn.friendlygov.ticket;

import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationRepository;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.WebChatIds;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Complaints end to end on the real database: chat intake over HTTP, the officials' API, the
 * outbox rows every message becomes, and the scheduled follow-up driven by the test clock.
 * The sample unit "mau" and its illustrative officials and routing come from application.yml.
 */
@MicronautTest(transactional = false)
class TicketFlowTest {
    /** Monday 2/3/2026 09:00 in Hà Nội, a working day. */
    static final Instant MONDAY_9AM = OffsetDateTime.parse("2026-03-02T09:00:00+07:00").toInstant();
    static final String PASSWORD = "test-official-pw";
    /** Hashed once: a PBKDF2 hash per official per test made the set-up cost seconds. */
    static final String PASSWORD_HASH = Passwords.hash(PASSWORD);

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject TestClock clock;
    @Inject TicketSetup setup;
    @Inject TicketJobs jobs;
    @Inject JobLeases leases;
    @Inject TicketService service;
    @Inject TicketRepository tickets;
    @Inject OutboxRepository outbox;
    @Inject OfficialRepository officials;
    @Inject ConversationRepository conversations;
    @Inject ConversationService conversationService;
    @Inject UnitDirectory units;
    @Inject ObjectMapper json;

    @BeforeEach
    void clean() throws Exception {
        // The raw pool: no transaction around the test, each statement commits.
        // The outbox first: a message the dispatcher settles meanwhile adds a DELIVERY_ event to its
        // case, which can land between the two deletes; then once more.
        for (int attempt = 1; ; attempt++) {
            try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
                for (String sql : List.of("DELETE FROM outbox", "DELETE FROM letter", "DELETE FROM ticket_event", "DELETE FROM ticket_photo", "DELETE FROM ticket", "DELETE FROM ticket_counter",
                        "DELETE FROM ticket_routing_rule", "DELETE FROM job_lease", "DELETE FROM message",
                        "DELETE FROM conversation", "DELETE FROM notification", "DELETE FROM follower WHERE user_id LIKE 'zalo-demo-%'",
                        // Campaigns left by the broadcast tests name their author and approver (a second run on the same database).
                        "DELETE FROM campaign", "DELETE FROM official WHERE username <> 'admin'")) {
                    s.executeUpdate(sql);
                }
                break;
            } catch (java.sql.SQLIntegrityConstraintViolationException e) {
                if (attempt == 3) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        setup.seed();
        for (Official o : officials.findAll()) {
            if (!o.username().equals("admin")) {
                officials.update(new Official(o.id(), o.unitId(), o.username(), PASSWORD_HASH, o.fullName(), o.title(),
                        o.role(), o.fields(), o.onDuty(), o.zaloUserId(), o.messengerPsid(), o.active(), o.createdAt()));
                if (o.zaloUserId() != null) {
                    // The official wrote to the OA lately, whatever the test clock says: their Zalo window is
                    // open, so notifications reach their Zalo too (notify.OfficialNotifier), not only the console.
                    try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                                + "VALUES (" + o.unitId() + ", 'zalo', '" + o.zaloUserId() + "', TRUE, FALSE, '2030-01-01 00:00:00', '2030-01-01 00:00:00')");
                    }
                }
            }
        }
        clock.set(MONDAY_9AM);
    }

    // ---- helpers ----

    /** The test's names for residents ("w-full-case") and the conversation ids the server issued them. */
    final WebChatIds ids = new WebChatIds();

    Map<String, Object> send(String conversationId, String key, String value) {
        return ids.remember(conversationId, http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat",
                ids.request(Map.of("conversationId", conversationId, key, value))), Argument.mapOf(String.class, Object.class)));
    }

    Map<String, Object> chat(String conversationId, String text) {
        return send(conversationId, "text", text);
    }

    Map<String, Object> tap(String conversationId, String payload) {
        return send(conversationId, "postback", payload);
    }

    @SuppressWarnings("unchecked")
    static String texts(Map<String, Object> response) {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> r : (List<Map<String, Object>>) response.get("replies")) {
            s.append(r.get("text")).append("\n");
        }
        return s.toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> payloads(Map<String, Object> response) {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> r : (List<Map<String, Object>>) response.get("replies")) {
            for (Map<String, Object> q : (List<Map<String, Object>>) r.getOrDefault("quickReplies", List.of())) {
                out.add((String) q.get("payload"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static String matchId(Map<String, Object> response) {
        return (String) ((Map<String, Object>) response.get("match")).get("id");
    }

    <T> T api(MutableHttpRequest<?> request, String user, Argument<T> type) {
        return http.toBlocking().retrieve(request.basicAuth(user, user.equals("admin") ? "test-admin-secret" : PASSWORD), type);
    }

    Map<String, Object> ticketJson(String code, String user) {
        return api(HttpRequest.GET("/api/v1/tickets/" + code), user, Argument.mapOf(String.class, Object.class));
    }

    /** What became of a message (written by the outbox as it settles, at its own pace). */
    static boolean isDelivery(Object event) {
        return String.valueOf(((Map<?, ?>) event).get("type")).startsWith("DELIVERY_");
    }

    List<OutboxRow> rows() {
        List<OutboxRow> all = new ArrayList<>();
        outbox.findAll().forEach(all::add);
        return all;
    }

    /** The dedupe keys of the queued messages about cases (the weekly digest has its own). */
    List<String> keys() {
        return rows().stream().map(OutboxRow::dedupeKey).filter(k -> k.startsWith("ticket:")).sorted().toList();
    }

    List<String> digestKeys(String week) {
        return rows().stream().map(OutboxRow::dedupeKey).filter(k -> k.startsWith("digest:" + mau().id() + ":" + week + ":")).sorted().toList();
    }

    OutboxRow row(String key) {
        return rows().stream().filter(r -> r.dedupeKey().equals(key)).findFirst().orElseThrow(() -> new AssertionError(key + " not in " + keys()));
    }

    Reply body(OutboxRow r) throws Exception {
        return json.readValue(r.body(), Reply.class);
    }

    Unit mau() {
        return units.byCode("mau").orElseThrow();
    }

    String key(String code, String what) {
        return "ticket:" + mau().id() + ":" + code + ":" + what;
    }

    long officialId(String username) {
        return officials.findByUsername(username).orElseThrow().id();
    }

    /** Files a street-light complaint through the chat and returns its code. */
    String fileLightComplaint(String conversationId) {
        Map<String, Object> r = chat(conversationId, "Đèn đường ngõ 5 thôn Đông bị hỏng cả tháng nay, tối om rất nguy hiểm");
        assertEquals("phan-anh", matchId(r), texts(r));
        tap(conversationId, "pa:area:0");
        tap(conversationId, "pa:skip");
        tap(conversationId, "pa:skip");
        Map<String, Object> submitted = tap(conversationId, "pa:confirm");
        return ResidentText.code(texts(submitted)).orElseThrow(() -> new AssertionError(texts(submitted)));
    }

    // ---- tests ----

    @Test
    void fullCaseFromFirstMessageToRating() throws Exception {
        String conv = "w-full-case";
        Map<String, Object> r = chat(conv, "Đèn đường ngõ 5 bị hỏng cả tháng nay, tối om rất nguy hiểm");
        assertEquals("phan-anh", matchId(r));
        assertTrue(texts(r).contains("ở đâu"), texts(r));
        assertTrue(payloads(r).contains("pa:area:0") && payloads(r).contains("pa:cancel"), payloads(r).toString());

        r = chat(conv, "thôn đông");          // typed, matched to the unit's list
        assertTrue(texts(r).contains("ảnh"), texts(r));
        r = chat(conv, "không có ảnh");
        assertTrue(texts(r).contains("số điện thoại"), texts(r));
        r = chat(conv, "12345");
        assertTrue(texts(r).contains("chưa đúng dạng"), texts(r));
        r = chat(conv, "sdt em 0912.345.678 ạ");
        // The summary shows the number is kept, never the number itself.
        assertTrue(texts(r).contains("Thôn Đông") && texts(r).contains("***678"), texts(r));
        assertFalse(texts(r).contains("0912345678") || texts(r).contains("0912.345.678"), texts(r));
        Map<String, Object> submitted = chat(conv, "đồng ý");
        String code = ResidentText.code(texts(submitted)).orElseThrow(() -> new AssertionError(texts(submitted)));
        assertEquals("PA-2026-000001", code);
        assertEquals("phan-anh", matchId(submitted));

        // Routed by category (điện chiếu sáng) to the official of that field, 3 working days (the unit's override).
        Ticket t = tickets.findByUnitIdAndCode(mau().id(), code).orElseThrow();
        assertEquals("dien-chieu-sang", t.getCategory());
        assertEquals("Thôn Đông", t.getArea());
        assertEquals("0912345678", t.getPhone());
        assertEquals(TicketStatus.ASSIGNED.name(), t.getStatus());
        assertEquals(officialId("mau.diachinh"), t.getAssigneeId());
        assertEquals(OffsetDateTime.parse("2026-03-05T17:00:00+07:00").toInstant(), t.getDueAt());

        // Acknowledgement to the resident (code, due date, department) and a notification to the official.
        OutboxRow ack = row(key(code, "ack"));
        assertEquals("web", ack.channel());
        assertEquals(ids.id(conv), ack.recipientId());
        assertEquals("UPDATE", ack.kind());
        String ackText = body(ack).text();
        assertTrue(ackText.contains(code) && ackText.contains("05/03/2026") && ackText.contains("Bộ phận Địa chính – Xây dựng"), ackText);
        OutboxRow notify = rows().stream().filter(x -> x.dedupeKey().startsWith(key(code, "notify:"))).findFirst().orElseThrow();
        assertEquals("zalo", notify.channel());
        assertEquals("zalo-demo-dia-chinh", notify.recipientId());
        assertEquals("NOTIFICATION", notify.kind());

        // The officials' API: the assigned official sees it; another field's official does not.
        Map<String, Object> view = ticketJson(code, "mau.diachinh");
        assertEquals("ASSIGNED", view.get("status"));
        assertEquals("dien-chieu-sang", view.get("category"));
        assertEquals("Thôn Đông", view.get("area"));
        assertEquals("mau.diachinh", view.get("assignee"));
        assertEquals("2026-03-02T09:00:00+07:00", view.get("createdAt"));
        assertEquals("2026-03-05T17:00:00+07:00", view.get("dueAt"));
        assertEquals(false, view.get("overdue"));
        assertEquals(2, ((List<?>) view.get("events")).stream().filter(ev -> !isDelivery(ev)).count());
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> ticketJson(code, "mau.congan"));
        assertEquals(HttpStatus.NOT_FOUND, e.getStatus());
        assertEquals("not_found", e.getResponse().getBody(Map.class).orElseThrow().get("error"));
        List<Map<String, Object>> mine = api(HttpRequest.GET("/api/v1/tickets?status=ASSIGNED&assignee=mau.diachinh"),
                "mau.diachinh", Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertEquals(List.of(code), mine.stream().map(m -> m.get("code")).toList());
        assertEquals(0, api(HttpRequest.GET("/api/v1/tickets"), "mau.congan", Argument.listOf(Map.class)).size());
        assertEquals(0, api(HttpRequest.GET("/api/v1/tickets?overdue=true"), "mau.chutich", Argument.listOf(Map.class)).size());

        // In progress, then the official's answer is relayed and the rating question follows.
        api(HttpRequest.POST("/api/v1/tickets/" + code + "/status", Map.of("status", "IN_PROGRESS")), "mau.diachinh", Argument.mapOf(String.class, Object.class));
        clock.advance(Duration.ofHours(5));
        Map<String, Object> answered = api(HttpRequest.POST("/api/v1/tickets/" + code + "/reply",
                Map.of("text", "Đã thay bóng đèn ngõ 5 chiều nay.")), "mau.diachinh", Argument.mapOf(String.class, Object.class));
        assertEquals("ANSWERED", answered.get("status"));
        OutboxRow relayed = rows().stream().filter(x -> x.dedupeKey().startsWith(key(code, "answer:"))).findFirst()
                .orElseThrow(() -> new AssertionError(keys()));
        assertEquals("HUMAN", relayed.kind());
        assertEquals(ids.id(conv), relayed.recipientId());
        assertTrue(body(relayed).text().contains("Đã thay bóng đèn ngõ 5"));
        Reply rating = body(row(key(code, "rating")));
        assertEquals(List.of("pa:rate:" + code + ":1", "pa:rate:" + code + ":2", "pa:rate:" + code + ":3"),
                rating.quickReplies().stream().map(Reply.QuickReply::payload).toList());

        // A question while the rating is pending is answered, and the rating question follows it.
        r = chat(conv, "giờ làm việc của xã thế nào?");
        assertTrue(texts(r).contains("đánh giá kết quả xử lý phản ánh " + code), texts(r));
        // The resident types the rating; "không hài lòng" flags the case to the leader of the field.
        r = chat(conv, "không hài lòng");
        assertTrue(texts(r).contains("xin lỗi"), texts(r));
        r = chat(conv, "đèn lại tắt sau một ngày");
        assertTrue(texts(r).contains("cảm ơn"), texts(r));
        t = tickets.findByUnitIdAndCode(mau().id(), code).orElseThrow();
        assertEquals("CLOSED", t.getStatus());
        assertEquals(TicketService.KHONG_HAI_LONG, t.getRating());
        assertEquals("đèn lại tắt sau một ngày", t.getRatingComment());
        assertTrue(t.isFlagged());
        OutboxRow flagged = row(key(code, "unsatisfied:" + officialId("mau.phochutich")));
        assertEquals("zalo-demo-pho-chu-tich", flagged.recipientId());
        assertNull(conversations.findByUnitIdAndChannelAndChannelUserId(mau().id(), "web", ids.id(conv)).orElseThrow().getFlow());

        List<String> types = tickets.findByUnitIdAndCode(mau().id(), code).map(service::events).orElseThrow()
                .stream().map(TicketEvent::type).filter(type -> !type.startsWith("DELIVERY_")).toList();
        assertEquals(List.of("CREATED", "ASSIGNED", "IN_PROGRESS", "ANSWERED", "RATED", "FLAGGED", "COMMENT"), types);
        // Answered within the deadline: not overdue; a second rating is not taken.
        assertEquals(false, ticketJson(code, "admin").get("overdue"));
        r = tap(conv, "pa:rate:" + code + ":1");
        assertEquals(TicketService.KHONG_HAI_LONG, tickets.findByUnitIdAndCode(mau().id(), code).orElseThrow().getRating());
    }

    @Test
    void aDeadlineInAYearWithoutALoadedHolidayScheduleIsMarkedProvisional() {
        String now = fileLightComplaint("w-due-2026");
        assertNull(ticketJson(now, "mau.diachinh").get("dueProvisional"), "2026 has its schedule");
        // Wed 29/12/2027 + 3 working days (the unit's street-light deadline) runs into 2028, whose schedule is not loaded.
        clock.set(OffsetDateTime.parse("2027-12-29T09:00:00+07:00").toInstant());
        Map<String, Object> view = ticketJson(fileLightComplaint("w-due-2028"), "mau.diachinh");
        assertEquals("2028-01-04T17:00:00+07:00", view.get("dueAt"));
        assertEquals(true, view.get("dueProvisional"));
    }

    @Test
    void reminderEscalationsAndOneApology() throws Exception {
        String code = fileLightComplaint("w-late-case");
        long official = officialId("mau.diachinh");
        Set<String> before = new HashSet<>(keys());

        // Tuesday: nothing due yet.
        clock.set(OffsetDateTime.parse("2026-03-03T10:00:00+07:00").toInstant());
        assertTrue(jobs.runOnce());
        assertEquals(before, new HashSet<>(keys()));

        // Wednesday 17:00, one working day before the deadline: the reminder, once.
        clock.set(OffsetDateTime.parse("2026-03-04T17:05:00+07:00").toInstant());
        jobs.runOnce();
        jobs.runOnce();
        assertEquals("zalo-demo-dia-chinh", row(key(code, "remind:" + official)).recipientId());
        assertEquals(before.size() + 1, keys().size());

        // Thursday 17:01, overdue: the apology letter to the resident and the field leader.
        clock.set(OffsetDateTime.parse("2026-03-05T17:01:00+07:00").toInstant());
        jobs.runOnce();
        OutboxRow apology = row(key(code, "apology"));
        assertEquals("UPDATE", apology.kind());
        assertEquals(ids.id("w-late-case"), apology.recipientId());
        String letter = body(apology).text();
        assertTrue(letter.startsWith("THƯ XIN LỖI") && letter.contains(code) && letter.strip().endsWith("Xã Mẫu (đơn vị minh họa)"), letter);
        assertEquals("zalo-demo-pho-chu-tich", row(key(code, "escalate:1:" + officialId("mau.phochutich"))).recipientId());
        assertFalse(keys().stream().anyMatch(k -> k.contains(":escalate:2:")));

        // Friday: still one apology, no chairman yet (two working days after the deadline).
        clock.set(OffsetDateTime.parse("2026-03-06T10:00:00+07:00").toInstant());
        jobs.runOnce();
        assertFalse(keys().stream().anyMatch(k -> k.contains(":escalate:2:")));

        // Monday 9/3 17:00: the chairman.
        clock.set(OffsetDateTime.parse("2026-03-09T17:00:00+07:00").toInstant());
        jobs.runOnce();
        assertEquals("zalo-demo-chu-tich", row(key(code, "escalate:2:" + officialId("mau.chutich"))).recipientId());
        int total = keys().size();
        clock.advance(Duration.ofDays(10));
        jobs.runOnce();
        assertEquals(total, keys().size());
        assertEquals(1, keys().stream().filter(k -> k.endsWith(":apology")).count());

        Map<String, Object> view = ticketJson(code, "mau.chutich");
        assertEquals(true, view.get("overdue"));
        List<?> events = (List<?>) view.get("events");
        assertEquals(List.of("CREATED", "ASSIGNED", "REMINDED", "APOLOGY_QUEUED", "ESCALATED", "ESCALATED_2"),
                events.stream().filter(ev -> !isDelivery(ev)).map(ev -> ((Map<?, ?>) ev).get("type")).toList());
        assertEquals(1, api(HttpRequest.GET("/api/v1/tickets?overdue=true"), "mau.chutich", Argument.listOf(Map.class)).size());
    }

    @Test
    void restartInTheMiddleOfAScheduledRun() {
        List<String> codes = List.of(fileLightComplaint("w-r1"), fileLightComplaint("w-r2"), fileLightComplaint("w-r3"));
        clock.set(OffsetDateTime.parse("2026-03-05T17:30:00+07:00").toInstant());

        // Instance A takes the lease, handles the first case, and dies without releasing it.
        assertTrue(leases.acquire(TicketJobs.LEASE, "instance-A", Duration.ofMinutes(10)));
        Ticket first = tickets.findByUnitIdAndCode(mau().id(), codes.get(0)).orElseThrow();
        service.followUp(first.getId(), clock.instant());
        assertTrue(keys().contains(key(codes.get(0), "apology")));

        // This instance must wait: the lease is still A's.
        assertFalse(jobs.runOnce());
        assertFalse(keys().contains(key(codes.get(1), "apology")));

        // The lease expires; the next run finishes the work, and sends nothing twice.
        clock.advance(Duration.ofMinutes(11));
        assertTrue(jobs.runOnce());
        assertTrue(jobs.runOnce());
        for (String code : codes) {
            assertEquals(1, keys().stream().filter(k -> k.equals(key(code, "apology"))).count(), code);
            assertEquals(1, keys().stream().filter(k -> k.startsWith(key(code, "escalate:1:"))).count(), code);
            long apologies = service.events(tickets.findByUnitIdAndCode(mau().id(), code).orElseThrow()).stream()
                    .filter(e -> e.type().equals("APOLOGY_QUEUED")).count();
            assertEquals(1, apologies, code);
        }
    }

    @Test
    void theCaseListComesInPagesNewestFirst() {
        List<String> codes = List.of(fileLightComplaint("w-p1"), fileLightComplaint("w-p2"), fileLightComplaint("w-p3"));
        Argument<List<Map<String, Object>>> list = Argument.listOf(Argument.mapOf(String.class, Object.class));
        List<Object> first = api(HttpRequest.GET("/api/v1/tickets?page=0&size=2"), "mau.chutich", list).stream().map(m -> m.get("code")).toList();
        List<Object> second = api(HttpRequest.GET("/api/v1/tickets?page=1&size=2"), "mau.chutich", list).stream().map(m -> m.get("code")).toList();
        assertEquals(List.of(codes.get(2), codes.get(1)), first);
        assertEquals(List.of(codes.get(0)), second);
        assertEquals(3, api(HttpRequest.GET("/api/v1/tickets"), "mau.chutich", list).size());
        for (String bad : List.of("page=-1", "size=0", "size=201")) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> api(HttpRequest.GET("/api/v1/tickets?" + bad), "mau.chutich", list));
            assertEquals(HttpStatus.BAD_REQUEST, e.getStatus(), bad);
            assertTrue(e.getResponse().getBody(String.class).orElse("").contains("size từ 1 đến 200"), bad);
        }
    }

    @Test
    void aMessageThatNamesTheAreaSkipsTheWhereQuestion() {
        Map<String, Object> r = chat("w-area-named", "Rác đổ bừa bãi ở đầu cầu thôn Nam mấy hôm nay bốc mùi lắm");
        assertEquals("phan-anh", matchId(r));
        assertTrue(texts(r).contains("ảnh") && !texts(r).contains("ở đâu"), "straight to the photo step: " + texts(r));
        chat("w-area-named", "không có ảnh");
        r = chat("w-area-named", "bỏ qua");
        assertTrue(texts(r).contains("Thôn Nam"), "the area is in the summary: " + texts(r));
    }

    @Test
    void unrelatedQuestionThenResumeThenCancel() {
        String conv = "w-cancel";
        Map<String, Object> r = chat(conv, "tôi muốn gửi phản ánh");
        assertEquals("phan-anh", matchId(r));
        assertTrue(texts(r).contains("sự việc"), texts(r));
        r = chat(conv, "Rác ở điểm tập kết đầu ngõ mấy ngày không ai thu gom");
        assertTrue(texts(r).contains("ở đâu"), texts(r));

        // A question in the middle: answered, then the intake picks up where it was.
        r = chat(conv, "làm giấy khai sinh cần giấy tờ gì?");
        assertEquals("khai-sinh", matchId(r), texts(r));
        assertTrue(texts(r).contains("anh/chị đang gửi phản ánh: sự việc xảy ra ở đâu"), texts(r));
        r = chat(conv, "ngõ 7 tổ dân phố 2");
        assertTrue(texts(r).contains("ảnh"), texts(r));

        r = chat(conv, "hủy");
        assertTrue(texts(r).contains("đã hủy"), texts(r));
        assertNull(conversations.findByUnitIdAndChannelAndChannelUserId(mau().id(), "web", ids.id(conv)).orElseThrow().getFlow());
        assertEquals(0, tickets.count());
        assertTrue(keys().isEmpty());
        // A stale button after cancelling does not create anything either.
        tap(conv, "pa:confirm");
        assertEquals(0, tickets.count());
    }

    @Test
    void aCaseAskedAboutWhileFilingIsLookedUpNotTakenAsTheAddress() {
        chat("w-midflow", "muốn phản ánh cây xanh ngã chắn ngang đường tổ 4");
        // at the "where" step, a code typed short or as residents remember it
        Map<String, Object> r = chat("w-midflow", "còn cái phản ánh PA-26-123 tui gửi tuần trước thì sao rồi");
        assertEquals("tra-cuu-phan-anh", matchId(r), texts(r));
        assertTrue(texts(r).contains("PA-2026-000123"), texts(r));
        assertEquals(0, tickets.count());
    }

    @Test
    void onlyTheResidentsOwnCases() {
        String code = fileLightComplaint("w-owner");
        Map<String, Object> r = chat("w-owner", "phản ánh " + code + " của tôi đến đâu rồi");
        assertEquals("tra-cuu-phan-anh", matchId(r));
        assertTrue(texts(r).contains(code) && texts(r).contains("đã giao cán bộ xử lý"), texts(r));

        r = chat("w-stranger", "phản ánh " + code + " đến đâu rồi");
        assertEquals("tra-cuu-phan-anh", matchId(r));
        assertTrue(texts(r).contains("không tìm thấy") && !texts(r).contains("Bộ phận"), texts(r));

        r = chat("w-stranger", "kiem tra giup phan anh PA-26-123");
        assertTrue(texts(r).contains("PA-2026-000123"), texts(r));

        r = chat("w-owner", "phản ánh của tôi đến đâu rồi");
        assertTrue(texts(r).contains(code), texts(r));

        // The bare code, as printed in the acknowledgement.
        r = chat("w-owner", code);
        assertEquals("tra-cuu-phan-anh", matchId(r));
        assertTrue(texts(r).contains("Bộ phận Địa chính – Xây dựng"), texts(r));
        r = chat("w-stranger", code.toLowerCase());
        assertTrue(texts(r).contains("không tìm thấy"), texts(r));
    }

    @Test
    void formalComplaintIsGuidedRecordedAndRouted() {
        Map<String, Object> r = chat("w-khieu-nai", "Tôi muốn gửi đơn khiếu nại về quyết định thu hồi đất của xã đối với nhà tôi");
        assertEquals("phan-anh", matchId(r));
        assertTrue(texts(r).contains("Luật Khiếu nại năm 2011"), texts(r));
        tap("w-khieu-nai", "pa:area:1");
        tap("w-khieu-nai", "pa:skip");
        tap("w-khieu-nai", "pa:skip");
        r = tap("w-khieu-nai", "pa:confirm");
        Ticket t = tickets.findAll().iterator().next();
        assertEquals("KHIEU_NAI", t.getKind());
        assertEquals("dat-dai-xay-dung", t.getCategory());
        // 10 days (Luật Khiếu nại Điều 27): Thu 12/3/2026, close of office.
        assertEquals(OffsetDateTime.parse("2026-03-12T17:00:00+07:00").toInstant(), t.getDueAt());

        r = chat("w-to-cao", "tôi muốn tố cáo cán bộ địa chính đòi tiền mới giải quyết hồ sơ");
        assertTrue(texts(r).contains("Luật Tố cáo năm 2018") && texts(r).contains("nặc danh"), texts(r));
    }

    @Test
    void badInput() throws Exception {
        // An overlong description: kept in full, trimmed in chat with a notice.
        String longText = "Cống thoát nước trước chợ bị tắc, nước thải tràn ra đường. ".repeat(30).strip();
        chat("w-long", longText);
        tap("w-long", "pa:area:2");
        tap("w-long", "pa:skip");
        Map<String, Object> r = tap("w-long", "pa:skip");
        assertTrue(texts(r).contains("chỉ hiển thị 600 ký tự"), texts(r));
        assertTrue(texts(r).length() < longText.length(), "trimmed in chat");
        tap("w-long", "pa:confirm");
        assertEquals(longText, tickets.findAll().iterator().next().getDescription());

        // An unsupported attachment is refused politely; a photo is kept.
        Unit mau = mau();
        chat("w-attach", "Cây to gãy đổ chắn ngang đường liên thôn chưa ai dọn");
        var handled = conversationService.handle(mau, "web", ids.id("w-attach"),
                new Inbound(null, null, List.of(new Inbound.Attachment("video", "https://example.test/v.mp4")), null));
        assertTrue(handled.outcome().replies().get(0).text().contains("chỉ nhận được ảnh"));
        handled = conversationService.handle(mau, "web", ids.id("w-attach"), new Inbound(null, null, List.of(),
                new Inbound.Location(20.86, 106.68)));
        assertTrue(handled.outcome().replies().get(0).text().contains("ảnh"));
        handled = conversationService.handle(mau, "web", ids.id("w-attach"),
                new Inbound(null, null, List.of(new Inbound.Attachment("image", "https://example.test/p.jpg")), null));
        assertTrue(handled.outcome().replies().get(0).text().contains("số điện thoại"));
        tap("w-attach", "pa:skip");
        tap("w-attach", "pa:confirm");
        Ticket withPhoto = tickets.findByUnitIdAndCode(mau.id(), "PA-2026-000002").orElseThrow();
        assertEquals("https://example.test/p.jpg", withPhoto.getPhotoUrl());
        assertEquals(20.86, withPhoto.getLatitude());
        assertEquals("Vị trí đã chia sẻ", withPhoto.getArea());

        // More than the daily limit (3) is refused politely; the next day it is accepted again.
        fileLightComplaint("w-limit");
        fileLightComplaint("w-limit");
        fileLightComplaint("w-limit");
        r = chat("w-limit", "Đèn đường ngõ 9 lại hỏng tiếp rồi");
        assertTrue(texts(r).contains("số tối đa"), texts(r));
        assertEquals(5, tickets.count());
        clock.advance(Duration.ofDays(1));
        fileLightComplaint("w-limit");
        assertEquals(6, tickets.count());

        // The API refuses a malformed code and anonymous callers.
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> ticketJson("PA-26-1", "admin"));
        assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
        assertEquals("invalid_request", e.getResponse().getBody(Map.class).orElseThrow().get("error"));
        e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().retrieve("/api/v1/tickets"));
        assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus());
    }

    @Test
    void rejectedAndForwardedWithTheFiveWorkingDayRule() throws Exception {
        String code = fileLightComplaint("w-forward");
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> api(HttpRequest.POST(
                "/api/v1/tickets/" + code + "/status", Map.of("status", "REJECTED")), "mau.chutich", Argument.mapOf(String.class, Object.class)));
        assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
        clock.set(OffsetDateTime.parse("2026-04-28T10:00:00+07:00").toInstant());
        Map<String, Object> view = api(HttpRequest.POST("/api/v1/tickets/" + code + "/status", Map.of("status", "REJECTED",
                "reason", "Đèn trên quốc lộ do Công ty Điện lực quản lý", "forwardTo", "Điện lực huyện")), "mau.chutich",
                Argument.mapOf(String.class, Object.class));
        assertEquals("REJECTED", view.get("status"));
        // 30/4 and 1/5 are holidays: 5 working days from Tue 28/4 is Thu 7/5.
        assertEquals("2026-05-07T17:00:00+07:00", view.get("dueAt"));
        assertTrue(body(row(key(code, "rejected"))).text().contains("Điện lực huyện"));
        // A closed case cannot be answered any more.
        e = assertThrows(HttpClientResponseException.class, () -> api(HttpRequest.POST("/api/v1/tickets/" + code + "/reply",
                Map.of("text", "x")), "mau.chutich", Argument.mapOf(String.class, Object.class)));
        assertEquals(HttpStatus.CONFLICT, e.getStatus());
        // Reassigning works inside the unit and notifies the new official.
        String other = fileLightComplaint("w-forward-2");
        view = api(HttpRequest.POST("/api/v1/tickets/" + other + "/assign", Map.of("assignee", "mau.vanphong")), "mau.chutich",
                Argument.mapOf(String.class, Object.class));
        assertEquals("mau.vanphong", view.get("assignee"));
        assertTrue(keys().stream().anyMatch(k -> k.startsWith(key(other, "notify:")) && k.endsWith(":" + officialId("mau.vanphong"))),
                keys().toString());
    }

    @Test
    void weeklyDigestForLeaders() throws Exception {
        String code = fileLightComplaint("w-digest");
        clock.set(OffsetDateTime.parse("2026-03-03T10:00:00+07:00").toInstant());
        api(HttpRequest.POST("/api/v1/tickets/" + code + "/reply", Map.of("text", "Đã sửa xong.")), "mau.diachinh", Argument.mapOf(String.class, Object.class));
        chat("w-digest", "hài lòng");
        fileLightComplaint("w-digest-2");   // still open, overdue by Monday

        clock.set(OffsetDateTime.parse("2026-03-09T07:29:00+07:00").toInstant());
        jobs.runOnce();
        assertEquals(List.of(), digestKeys("2026-03-09"));
        clock.set(OffsetDateTime.parse("2026-03-09T07:31:00+07:00").toInstant());
        jobs.runOnce();
        jobs.runOnce();
        List<String> digests = digestKeys("2026-03-09");
        assertEquals(2, digests.size(), digests.toString());   // the chairman and the vice-chairman, once each
        String text = body(row(digests.get(0))).text();
        assertTrue(text.contains("Mới tiếp nhận: 2"), text);
        assertTrue(text.contains("Đã trả lời: 1\n"), text);
        assertTrue(text.contains("Trả lời đúng hạn (phản ánh tiếp nhận trong tuần): 100% (1/1)"), text);
        assertTrue(text.contains("Đang quá hạn: 1"), text);
        assertTrue(text.contains("Người dân hài lòng: 100% (1/1)"), text);
    }

    @Test
    void codesAreUniqueAndConsecutiveUnderConcurrency() throws Exception {
        Unit mau = mau();
        int threads = 4;
        int each = 5;
        List<Conversation> residents = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            residents.add(conversations.save(Conversation.start(mau.id(), "web", "w-concurrent-" + i, clock.instant())));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (Conversation c : residents) {
            futures.add(pool.submit(() -> {
                List<String> out = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    out.add(service.create(mau, c, new TicketService.Intake(TicketKind.PHAN_ANH, "Ổ gà trên đường liên thôn số " + i,
                            null, null, null, null, null), clock.instant()).getCode());
                }
                return out;
            }));
        }
        Set<String> codes = new HashSet<>();
        for (Future<List<String>> f : futures) {
            codes.addAll(f.get());
        }
        pool.shutdown();
        Set<String> expected = new HashSet<>();
        for (int i = 1; i <= threads * each; i++) {
            expected.add(String.format("PA-2026-%06d", i));
        }
        assertEquals(expected, codes);
        assertNotNull(tickets.findByUnitIdAndCode(mau.id(), "PA-2026-000020").orElse(null));
    }
}
