package vn.friendlygov.audit;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.ticket.TestClock;
import vn.friendlygov.ticket.TicketSetup;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit log over real HTTP on the real database: the officials' moves on a case and the
 * knowledge-base reload are recorded with who, what, before and after, and only the right people
 * read them (a leader their unit, an administrator everything).
 */
@MicronautTest(transactional = false)
@Property(name = "units.vinh-bao.name", value = "Xã Vĩnh Bảo")
class AuditLogTest {
    static final String PASSWORD = "audit-test-password";
    /** Tuesday 3/3/2026 09:00 in Hà Nội. */
    static final Instant TUESDAY_9AM = OffsetDateTime.parse("2026-03-03T09:00:00+07:00").toInstant();

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject TicketSetup setup;
    @Inject UnitDirectory units;
    @Inject TestClock clock;
    Db db;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM audit_log");
        setup.seed();
        for (String username : List.of("mau.chutich", "mau.diachinh", "mau.vanphong")) {
            Official o = officials.findByUsername(username).orElseThrow();
            officials.update(new Official(o.id(), o.unitId(), o.username(), Passwords.hash(PASSWORD), o.fullName(), o.title(),
                    o.role(), o.fields(), o.onDuty(), o.zaloUserId(), o.messengerPsid(), true, o.createdAt()));
        }
        if (officials.findByUsername("vb.chutich").isEmpty()) {
            officials.save(new Official(null, units.byCode("vinh-bao").orElseThrow().id(), "vb.chutich", Passwords.hash(PASSWORD),
                    "Chủ tịch Vĩnh Bảo", null, Official.LEADER, null, false, null, null, true, Instant.now()));
        }
        clock.set(TUESDAY_9AM);
    }

    <T> T call(MutableHttpRequest<?> request, String user, Argument<T> type) {
        return http.toBlocking().retrieve(request.basicAuth(user, user.equals("admin") ? "test-admin-secret" : PASSWORD), type);
    }

    Map<String, Object> audit(String user, String query) {
        return call(HttpRequest.GET("/api/v1/audit" + query), user, Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    Map<String, Object> chat(String conversationId, Map<String, Object> body) {
        return http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", body), Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    String fileComplaint() {
        // The first message carries no conversationId: the server issues it.
        Map<String, Object> r = chat(null, Map.of("text", "Đèn đường ngõ 7 thôn Nam bị hỏng cả tuần nay, tối om"));
        String id = (String) r.get("conversationId");
        for (String payload : List.of("pa:area:0", "pa:skip", "pa:skip")) {
            chat(id, Map.of("conversationId", id, "postback", payload));
        }
        Map<String, Object> done = chat(id, Map.of("conversationId", id, "postback", "pa:confirm"));
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> reply : (List<Map<String, Object>>) done.get("replies")) {
            text.append(reply.get("text")).append('\n');
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("PA-\\d{4}-\\d{6}").matcher(text);
        assertTrue(m.find(), text.toString());
        return m.group();
    }

    @Test
    void anOfficialsStatusChangeAssignmentAndAnswerAreRecordedWithBeforeAndAfterForTheirLeader() {
        String code = fileComplaint();
        call(HttpRequest.POST("/api/v1/tickets/" + code + "/status", Map.of("status", "IN_PROGRESS")), "mau.diachinh", Argument.STRING);
        call(HttpRequest.POST("/api/v1/tickets/" + code + "/assign", Map.of("assignee", "mau.vanphong")), "mau.chutich", Argument.STRING);
        call(HttpRequest.POST("/api/v1/tickets/" + code + "/reply", Map.of("text", "Đã thay bóng đèn ngõ 7, xin cảm ơn anh/chị.")),
                "mau.vanphong", Argument.STRING);

        List<Map<String, Object>> mine = items(audit("mau.chutich", "")).stream().filter(i -> code.equals(i.get("target"))).toList();
        assertEquals(List.of("ticket.reply", "ticket.assign", "ticket.status"), mine.stream().map(i -> i.get("action")).toList(), mine.toString());
        Map<String, Object> reply = mine.get(0);
        assertEquals("mau.vanphong", reply.get("actor"));
        assertEquals("mau", reply.get("unit"));
        assertEquals("{\"status\":\"ASSIGNED\"}", reply.get("before"));
        assertTrue(((String) reply.get("after")).contains("\"text\":\"Đã thay bóng đèn ngõ 7, xin cảm ơn anh/chị.\""), reply.toString());
        assertTrue(((String) reply.get("at")).endsWith("+07:00"), reply.toString());
        Map<String, Object> assign = mine.get(1);
        assertEquals("mau.chutich", assign.get("actor"));
        assertEquals("{\"status\":\"IN_PROGRESS\",\"assignee\":\"mau.diachinh\"}", assign.get("before"));
        assertEquals("{\"status\":\"ASSIGNED\",\"assignee\":\"mau.vanphong\"}", assign.get("after"));
        assertEquals("mau.diachinh", mine.get(2).get("actor"));
        assertTrue(((String) mine.get(2).get("after")).contains("\"status\":\"IN_PROGRESS\""), mine.get(2).toString());

        // The administrator sees them too, and the period filter keeps or drops them.
        assertEquals(3, items(audit("admin", "?unit=mau&from=2026-03-03&to=2026-03-03")).stream()
                .filter(i -> code.equals(i.get("target"))).count());
        assertEquals(0, items(audit("admin", "?unit=mau&from=2026-03-04")).size());
        assertEquals(0, items(audit("admin", "?unit=mau&to=2026-03-02")).size());
    }

    @Test
    void aLeaderOfAnotherUnitSeesNoneOfItAndAskingForThatUnitIsNotFound() {
        String code = fileComplaint();
        call(HttpRequest.POST("/api/v1/tickets/" + code + "/status", Map.of("status", "IN_PROGRESS")), "mau.diachinh", Argument.STRING);

        assertTrue(items(audit("vb.chutich", "")).stream().noneMatch(i -> code.equals(i.get("target"))));
        HttpClientResponseException other = assertThrows(HttpClientResponseException.class, () -> audit("vb.chutich", "?unit=mau"));
        assertEquals(HttpStatus.NOT_FOUND, other.getStatus());
        HttpClientResponseException official = assertThrows(HttpClientResponseException.class, () -> audit("mau.diachinh", ""));
        assertEquals(HttpStatus.FORBIDDEN, official.getStatus());
        HttpClientResponseException badDate = assertThrows(HttpClientResponseException.class, () -> audit("mau.chutich", "?from=3/3/2026"));
        assertEquals(HttpStatus.BAD_REQUEST, badDate.getStatus());
        assertTrue(badDate.getResponse().getBody(String.class).orElse("").contains("invalid_request"));
    }

    @Test
    void theKnowledgeBaseReloadIsRecordedForAdministratorsOnly() {
        call(HttpRequest.POST("/api/v1/admin/knowledge-base/reload", ""), "admin", Argument.STRING);

        Map<String, Object> entry = items(audit("admin", "")).stream().filter(i -> "knowledge-base.reload".equals(i.get("action")))
                .findFirst().orElseThrow();
        assertEquals("admin", entry.get("actor"));
        assertNull(entry.get("unit"));
        assertTrue(((String) entry.get("after")).contains("\"entries\":"), entry.toString());
        assertTrue(items(audit("mau.chutich", "")).stream().noneMatch(i -> "knowledge-base.reload".equals(i.get("action"))));
    }
}
