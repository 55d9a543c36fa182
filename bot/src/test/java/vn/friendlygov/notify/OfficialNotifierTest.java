package vn.friendlygov.notify;

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
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.LocalSmtp;
import vn.friendlygov.ticket.TestClock;
import vn.friendlygov.ticket.TicketJobs;
import vn.friendlygov.ticket.TicketSetup;

import javax.sql.DataSource;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Notifications that reach officials: the console list over real HTTP, e-mail through the outbox
 * to a local SMTP server (also while it is down), Zalo/Messenger only inside the official's own
 * window, and the leaders' weekly digest.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfficialNotifierTest implements TestPropertyProvider {
    static final LocalSmtp SMTP = new LocalSmtp();
    static final String PASSWORD = "notify-test-password";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject OfficialNotifier notifier;
    @Inject TicketSetup setup;
    @Inject TicketJobs jobs;
    @Inject TestClock clock;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = SMTP.properties();
        p.put("outbox.dispatcher.base-backoff", "100ms");
        p.put("tickets.scheduler.enabled", "false");
        return p;
    }

    @AfterAll
    void tearDown() {
        SMTP.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM notification");
        db.update("DELETE FROM outbox WHERE dedupe_key LIKE 'test:%'");
        // Other classes open the seeded officials' windows (TicketFlowTest) or send digests: not here.
        db.update("DELETE FROM follower WHERE user_id LIKE 'zalo-demo-%' OR user_id LIKE 'psid-demo-%'");
        db.update("DELETE FROM outbox WHERE dedupe_key LIKE 'digest:%'");
        // Rows left by other classes (their contexts are gone) are not this class's business.
        db.update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test run' WHERE status = 'PENDING'");
        SMTP.purge();
        setup.seed();
        for (String u : List.of("mau.chutich", "mau.phochutich", "mau.diachinh", "mau.vanphong", "mau.congan")) {
            Official o = officials.findByUsername(u).orElseThrow();
            officials.update(new Official(o.id(), o.unitId(), o.username(), Passwords.hash(PASSWORD), o.fullName(), o.title(),
                    o.role(), o.fields(), o.onDuty(), o.zaloUserId(), o.messengerPsid(), true, o.createdAt(),
                    u.replace("mau.", "") + "@xamau.gov.vn", o.team(), false));
        }
        clock.set(null);
    }

    long id(String username) {
        return officials.findByUsername(username).orElseThrow().id();
    }

    <T> T call(MutableHttpRequest<?> request, String user, Argument<T> type) {
        return http.toBlocking().retrieve(request.basicAuth(user, PASSWORD), type);
    }

    Map<String, Object> list(String user, String query) {
        return call(HttpRequest.GET("/api/v1/notifications" + query), user, Argument.mapOf(String.class, Object.class));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> items(Map<String, Object> page) {
        return (List<Map<String, Object>>) page.get("items");
    }

    /** The subject, a line break, and the plain-text body. */
    static String text(MimeMessage m) {
        try {
            return m.getSubject() + "\n" + plain(m.getContent());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String plain(Object content) throws Exception {
        if (content instanceof jakarta.mail.Multipart mp) {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < mp.getCount(); i++) {
                s.append(plain(mp.getBodyPart(i).getContent()));
            }
            return s.toString();
        }
        return String.valueOf(content);
    }

    @SuppressWarnings("unchecked")
    String fileComplaint() {
        String conv = "w-notify-" + System.nanoTime();
        List<Map<String, Object>> bodies = List.of(
                Map.of("conversationId", conv, "text", "Đèn đường ngõ 9 thôn Bắc bị hỏng mấy hôm nay rồi"),
                Map.of("conversationId", conv, "postback", "pa:area:0"), Map.of("conversationId", conv, "postback", "pa:skip"),
                Map.of("conversationId", conv, "postback", "pa:skip"), Map.of("conversationId", conv, "postback", "pa:confirm"));
        StringBuilder all = new StringBuilder();
        vn.friendlygov.support.WebChatIds ids = new vn.friendlygov.support.WebChatIds();
        for (Map<String, Object> b : bodies) {
            Map<String, Object> r = ids.remember(conv, http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", ids.request(b)),
                    Argument.mapOf(String.class, Object.class)));
            for (Map<String, Object> reply : (List<Map<String, Object>>) r.get("replies")) {
                all.append(reply.get("text")).append('\n');
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("PA-\\d{4}-\\d{6}").matcher(all);
        assertTrue(m.find(), all.toString());
        return m.group();
    }

    @Test
    void aNewCaseReachesItsOfficialInTheConsoleListAndByEmail() {
        String code = fileComplaint();

        Eventually.await(Duration.ofSeconds(15), "the e-mail to the official", () -> !SMTP.to("diachinh@xamau.gov.vn").isEmpty());
        String mail = text(SMTP.to("diachinh@xamau.gov.vn").get(0));
        assertTrue(mail.startsWith("[Xã Mẫu (đơn vị minh họa)] Phản ánh mới " + code), mail);
        assertTrue(mail.contains("https://chatbot.xa.gov.vn/console/tickets/" + code), mail);

        Map<String, Object> page = list("mau.diachinh", "?unread=true");
        assertEquals(1, ((Number) page.get("unread")).intValue(), page.toString());
        Map<String, Object> item = items(page).get(0);
        assertEquals("NEW_CASE", item.get("kind"));
        assertEquals("/console/tickets/" + code, item.get("link"));
        assertEquals(false, item.get("read"));
        assertTrue(((String) item.get("text")).contains(code), item.toString());

        // Nobody else's list; somebody else's notification does not exist for them.
        assertEquals(0, items(list("mau.vanphong", "")).size());
        long nid = ((Number) item.get("id")).longValue();
        HttpClientResponseException other = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/api/v1/notifications/" + nid + "/read", "").basicAuth("mau.vanphong", PASSWORD)));
        assertEquals(HttpStatus.NOT_FOUND, other.getStatus());

        assertEquals(HttpStatus.NO_CONTENT, http.toBlocking().exchange(HttpRequest.POST("/api/v1/notifications/" + nid + "/read", "")
                .basicAuth("mau.diachinh", PASSWORD)).getStatus());
        assertEquals(0, ((Number) list("mau.diachinh", "").get("unread")).intValue());
        assertEquals(true, items(list("mau.diachinh", "")).get(0).get("read"));
        assertEquals(0, items(list("mau.diachinh", "?unread=true")).size());
    }

    @Test
    void anEmailQueuedWhileTheMailServerIsDownArrivesWhenItIsBackAndARepeatIsOneNotification() {
        SMTP.stop();
        try {
            notifier.notify(id("mau.vanphong"), NotificationKind.ESCALATION, "Quá hạn: phản ánh PA-2026-999001", "Phản ánh đã quá hạn.",
                    "/console/tickets/PA-2026-999001", "test:outage");
            Eventually.await(Duration.ofSeconds(15), "a failed attempt", () -> db.count(
                    "SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'test:outage:email' AND status = 'PENDING' AND failure_reason IS NOT NULL") == 1);
            assertTrue(db.one("SELECT failure_reason FROM outbox WHERE dedupe_key = 'test:outage:email'").startsWith("smtp:"));
        } finally {
            SMTP.start();
        }
        Eventually.await(Duration.ofSeconds(30), "the e-mail after the outage", () -> !SMTP.to("vanphong@xamau.gov.vn").isEmpty());
        Eventually.await(Duration.ofSeconds(5), "recorded as sent", () -> "SENT".equals(db.one("SELECT status FROM outbox WHERE dedupe_key = 'test:outage:email'")));

        // The same key again (a retried job): nothing new anywhere.
        OfficialNotifier.Sent again = notifier.notify(id("mau.vanphong"), NotificationKind.ESCALATION, "Quá hạn", "Phản ánh đã quá hạn.",
                null, "test:outage");
        assertEquals(new OfficialNotifier.Sent(false, false, null), again);
        assertEquals(1, db.count("SELECT COUNT(*) FROM notification WHERE dedupe_key = 'test:outage'"));
        Eventually.stays(Duration.ofMillis(800), "one e-mail", () -> SMTP.to("vanphong@xamau.gov.vn").size() == 1);
    }

    void lastInteraction(String channel, String userId, Duration ago) {
        db.update("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "SELECT id, ?, ?, TRUE, FALSE, ?, ? FROM unit WHERE code = 'mau'", channel, userId,
                Timestamp.from(Instant.now().minus(ago)), Timestamp.from(Instant.now()));
    }

    @Test
    void zaloAndMessengerAreUsedOnlyWhileTheOfficialsOwnWindowIsOpen() {
        long vanphong = id("mau.vanphong");
        long congan = id("mau.congan");
        // Never wrote to the OA or the page: the console and e-mail only.
        assertEquals(new OfficialNotifier.Sent(true, true, null),
                notifier.notify(vanphong, NotificationKind.REMINDER, "Sắp đến hạn", "Nhắc việc", null, "test:w1"));
        assertEquals(new OfficialNotifier.Sent(true, true, null),
                notifier.notify(congan, NotificationKind.REMINDER, "Sắp đến hạn", "Nhắc việc", null, "test:w2"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key IN ('test:w1', 'test:w2')"));

        lastInteraction("zalo", "zalo-demo-van-phong", Duration.ofDays(6));
        lastInteraction("messenger", "psid-demo-cong-an", Duration.ofHours(25));
        assertEquals("zalo", notifier.notify(vanphong, NotificationKind.REMINDER, "Sắp đến hạn", "Nhắc việc", null, "test:w3").chat());
        assertNull(notifier.notify(congan, NotificationKind.REMINDER, "Sắp đến hạn", "Nhắc việc", null, "test:w4").chat());
        assertEquals("zalo-demo-van-phong", db.one("SELECT recipient_id FROM outbox WHERE dedupe_key = 'test:w3' AND channel = 'zalo'"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key = 'test:w4'"));

        db.update("UPDATE follower SET last_interaction_at = ? WHERE user_id = 'psid-demo-cong-an'", Timestamp.from(Instant.now().minus(Duration.ofHours(23))));
        assertEquals("messenger", notifier.notify(congan, NotificationKind.REMINDER, "Sắp đến hạn", "Nhắc việc", null, "test:w5").chat());
        assertEquals("NOTIFICATION", db.one("SELECT kind FROM outbox WHERE dedupe_key = 'test:w5' AND channel = 'messenger'"));
    }

    @Test
    void theWeeklyDigestReachesEveryLeaderByEmailAndInTheirListOnce() {
        // Monday 9/3/2026 08:00 in Hà Nội, after the digest time (07:30).
        clock.set(OffsetDateTime.parse("2026-03-09T08:00:00+07:00").toInstant());
        // Cases other classes left open would get their reminders and escalations in the same run.
        db.update("UPDATE ticket SET status = 'CLOSED' WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS')");
        assertTrue(jobs.runOnce());
        Eventually.await(Duration.ofSeconds(15), "both leaders' digests", () -> SMTP.to("chutich@xamau.gov.vn").size() == 1
                && SMTP.to("phochutich@xamau.gov.vn").size() == 1);
        String mail = text(SMTP.to("chutich@xamau.gov.vn").get(0));
        assertTrue(mail.startsWith("[Xã Mẫu (đơn vị minh họa)] Báo cáo tuần phản ánh, kiến nghị 02/03/2026"), mail);
        // The week before the digest's Monday, and a link to the dashboard for exactly that week.
        assertTrue(mail.contains("Tổng hợp phản ánh, kiến nghị tuần 02/03/2026 – 08/03/2026"), mail);
        assertTrue(mail.contains("https://chatbot.xa.gov.vn/console/dashboard?unit=mau&from=2026-03-02&to=2026-03-08"), mail);
        assertEquals("/console/dashboard?unit=mau&from=2026-03-02&to=2026-03-08",
                db.one("SELECT n.link FROM notification n JOIN official o ON o.id = n.official_id WHERE o.username = 'mau.chutich' AND n.kind = 'DIGEST'"));
        assertEquals(List.of("DIGEST"), items(list("mau.chutich", "")).stream().map(i -> i.get("kind")).toList());
        assertTrue(items(list("mau.diachinh", "")).isEmpty(), "not for officials");

        assertTrue(jobs.runOnce());
        Eventually.stays(Duration.ofMillis(800), "one digest each", () -> SMTP.to("chutich@xamau.gov.vn").size() == 1);
        assertEquals(1, items(list("mau.phochutich", "")).size());
    }
}
