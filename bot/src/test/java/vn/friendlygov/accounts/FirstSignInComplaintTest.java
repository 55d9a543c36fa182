package vn.friendlygov.accounts;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.LocalSmtp;
import vn.friendlygov.support.SignedEvents;
import vn.friendlygov.ticket.TestClock;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A complaint handled end to end by an official on their first day: the administrator creates the
 * account over the API, the official signs in (HTTP Basic) and must first change the password, a
 * resident files a complaint on Zalo (signed webhooks; a local fake Zalo server), it is routed to
 * that official, who gets the e-mail (local SMTP server) and the console notification, answers
 * through the API; the answer reaches the resident on Zalo, and the resident's rating closes it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstSignInComplaintTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final LocalSmtp SMTP = new LocalSmtp();
    static final Pattern CODE = Pattern.compile("PA-\\d{4}-\\d{6}");

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject ObjectMapper json;
    @Inject TestClock clock;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.putAll(SMTP.properties());
        p.put("tickets.scheduler.enabled", "false");
        return p;
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
        SMTP.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        SMTP.purge();
        clock.set(null);
        db.update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test run' WHERE status = 'PENDING'");
        // Nobody else in vinh-bao handles "môi trường": the new official is the one the case goes to.
        db.update("UPDATE official SET fields = NULL WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        db.update("DELETE FROM ticket_routing_rule WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        db.update("DELETE FROM notification WHERE official_id IN (SELECT id FROM official WHERE username = 'vb.moitruong')");
        db.update("DELETE FROM official WHERE username = 'vb.moitruong'");
    }

    HttpResponse<String> exchange(MutableHttpRequest<?> request, String user, String password) {
        return http.toBlocking().exchange(request.basicAuth(user, password), String.class);
    }

    Map<String, Object> map(String body) throws Exception {
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
    }

    /** The resident writes on Zalo (a signed webhook); returns what the OA sent back after it. */
    String residentWrites(String user, String text) {
        int before = FAKES.sentTo(user).size();
        long ts = System.currentTimeMillis();
        String body = SignedEvents.zaloText(SignedEvents.OA_ID, user, SignedEvents.id("z"), ts, text);
        HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.POST("/webhooks/zalo", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).header("X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts)), String.class);
        assertEquals(HttpStatus.OK, r.getStatus());
        Eventually.await(Duration.ofSeconds(15), "the OA's answer to '" + text + "'", () -> FAKES.sentTo(user).size() > before);
        Eventually.stays(Duration.ofMillis(300), "the answer complete", () -> true);
        StringBuilder s = new StringBuilder();
        FAKES.sentTo(user).stream().skip(before).forEach(m -> s.append(SignedEvents.unescape(m.text())).append('\n'));
        return s.toString();
    }

    static String mailText(MimeMessage m) throws Exception {
        Object content = m.getContent();
        StringBuilder s = new StringBuilder(m.getSubject()).append('\n');
        if (content instanceof Multipart mp) {
            for (int i = 0; i < mp.getCount(); i++) {
                s.append(mp.getBodyPart(i).getContent());
            }
        } else {
            s.append(content);
        }
        return s.toString();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aComplaintIsHandledByAnOfficialWhoseAccountTheAdministratorCreatedAndWhoSignsInForTheFirstTime() throws Exception {
        // 1. The administrator creates the account, with a temporary password.
        HttpResponse<String> created = exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", "vb.moitruong",
                "fullName", "Hoàng Văn Môi", "title", "Công chức Nông nghiệp – Môi trường", "unit", "vinh-bao", "role", "OFFICIAL",
                "fields", List.of("moi-truong"), "onDuty", true, "email", "moitruong@vinhbao.gov.vn", "password", "Tam-thoi-vinh-bao")),
                "admin", "test-admin-secret");
        assertEquals(HttpStatus.CREATED, created.getStatus());

        // 2. First sign-in: nothing but the password change is allowed; then the new password works.
        HttpClientResponseException first = assertThrows(HttpClientResponseException.class,
                () -> exchange(HttpRequest.GET("/api/v1/tickets"), "vb.moitruong", "Tam-thoi-vinh-bao"));
        assertEquals(HttpStatus.FORBIDDEN, first.getStatus());
        assertTrue(first.getResponse().getBody(String.class).orElse("").contains("password_change_required"));
        assertEquals(HttpStatus.NO_CONTENT, exchange(HttpRequest.POST("/api/v1/me/password",
                Map.of("current", "Tam-thoi-vinh-bao", "new", "Rieng-cua-toi-2026")), "vb.moitruong", "Tam-thoi-vinh-bao").getStatus());
        String pw = "Rieng-cua-toi-2026";
        assertEquals(HttpStatus.OK, exchange(HttpRequest.GET("/api/v1/tickets"), "vb.moitruong", pw).getStatus());

        // 3. A resident files a complaint on Zalo.
        String resident = SignedEvents.id("zu");
        residentWrites(resident, "Rác thải bốc mùi hôi thối ở đầu ngõ 3 thôn Đông, cả tuần không ai thu gom");
        residentWrites(resident, "Đầu ngõ 3 thôn Đông, cạnh nhà văn hóa");
        residentWrites(resident, "bỏ qua");
        residentWrites(resident, "bỏ qua");
        String ack = residentWrites(resident, "có");
        Matcher m = CODE.matcher(ack);
        assertTrue(m.find(), "an acknowledgement with the case code: " + ack);
        String code = m.group();

        // 4. It reaches the new official: e-mail and the console list.
        Eventually.await(Duration.ofSeconds(15), "the e-mail to the official", () -> !SMTP.to("moitruong@vinhbao.gov.vn").isEmpty());
        String mail = mailText(SMTP.to("moitruong@vinhbao.gov.vn").get(0));
        assertTrue(mail.contains("Phản ánh mới " + code) && mail.contains("/console/tickets/" + code), mail);
        Map<String, Object> notifications = map(exchange(HttpRequest.GET("/api/v1/notifications?unread=true"), "vb.moitruong", pw).body());
        List<Map<String, Object>> items = (List<Map<String, Object>>) notifications.get("items");
        assertEquals(1, items.size(), notifications.toString());
        assertEquals("NEW_CASE", items.get(0).get("kind"));
        Map<String, Object> ticket = map(exchange(HttpRequest.GET("/api/v1/tickets/" + code), "vb.moitruong", pw).body());
        assertEquals("vb.moitruong", ticket.get("assignee"));

        // 5. The official answers through the API; the answer reaches the resident on Zalo.
        int before = FAKES.sentTo(resident).size();
        exchange(HttpRequest.POST("/api/v1/tickets/" + code + "/reply",
                Map.of("text", "Tổ vệ sinh đã thu gom rác ở đầu ngõ 3 sáng nay (phiếu VS-0312). Xin cảm ơn anh/chị.")), "vb.moitruong", pw);
        Eventually.await(Duration.ofSeconds(15), "the answer and the rating question on Zalo", () -> FAKES.sentTo(resident).size() >= before + 2);
        String delivered = FAKES.sentTo(resident).stream().skip(before).map(s -> SignedEvents.unescape(s.text())).reduce("", (a, b) -> a + "\n" + b);
        assertTrue(delivered.contains("phiếu VS-0312"), delivered);
        assertTrue(FAKES.sentTo(resident).stream().skip(before).allMatch(s -> s.channel().equals("zalo")));

        // 6. The resident's rating comes back and closes the case.
        residentWrites(resident, "hài lòng");
        Eventually.await(Duration.ofSeconds(10), "the case closed", () -> {
            try {
                return "CLOSED".equals(map(exchange(HttpRequest.GET("/api/v1/tickets/" + code), "vb.moitruong", pw).body()).get("status"));
            } catch (Exception e) {
                return false;
            }
        });
        Map<String, Object> closed = map(exchange(HttpRequest.GET("/api/v1/tickets/" + code), "vb.moitruong", pw).body());
        assertEquals("HAI_LONG", closed.get("rating"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = 'vb.moitruong' AND action = 'ticket.reply' AND target = ?", code));
    }
}
