package vn.friendlygov.notify;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The new SQL (notification INSERT IGNORE and paging, the audit log's query, the accounts API) on
 * the embedded H2 database in MySQL mode, the default for a first run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsOnH2Test {
    EmbeddedServer server;
    ApplicationContext ctx;
    HttpClient http;
    Db db;

    @BeforeAll
    void start() {
        Map<String, Object> p = new HashMap<>();
        p.put("datasources.default.url", "jdbc:h2:mem:notify" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY");
        p.put("datasources.default.driver-class-name", "org.h2.Driver");
        p.put("datasources.default.username", "sa");
        p.put("datasources.default.password", "");
        p.put("outbox.dispatcher.enabled", "false");
        p.put("tickets.scheduler.enabled", "false");
        p.put("notify.email.enabled", "true");
        server = ApplicationContext.run(EmbeddedServer.class, p, "test");
        ctx = server.getApplicationContext();
        http = ctx.createBean(HttpClient.class, server.getURL());
        db = new Db(ctx.getBean(DataSource.class));
    }

    @AfterAll
    void stop() {
        http.close();
        server.close();
    }

    @Test
    void notificationsTheAuditLogAndAccountsWorkOnTheFirstRunDatabase() {
        OfficialNotifier notifier = ctx.getBean(OfficialNotifier.class);
        long official = ctx.getBean(OfficialRepository.class).findByUsername("mau.diachinh").orElseThrow().id();
        db.update("UPDATE official SET email = 'diachinh@xamau.gov.vn' WHERE id = ?", official);
        assertEquals(new OfficialNotifier.Sent(true, true, null),
                notifier.notify(official, NotificationKind.NEW_CASE, "Phản ánh mới", "Nội dung", "/console/tickets/PA-2026-000001", "h2:1"));
        assertEquals(new OfficialNotifier.Sent(false, false, null),
                notifier.notify(official, NotificationKind.NEW_CASE, "Phản ánh mới", "Nội dung", null, "h2:1"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM notification"));
        assertEquals("email", db.one("SELECT channel FROM outbox WHERE dedupe_key = 'h2:1:email'"));

        AuditLog audit = ctx.getBean(AuditLog.class);
        audit.record("admin", null, "test.action", "h2", null, audit.json("a", 1));
        assertEquals(1, audit.find(null, null, null, 0, 10).items().size());

        HttpStatus created = http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", "h2.canbo",
                "fullName", "Cán bộ H2", "unit", "mau", "fields", List.of("khac"), "password", "Mat-khau-h2-01"))
                .basicAuth("admin", "test-admin-secret")).getStatus();
        assertEquals(HttpStatus.CREATED, created);
        String list = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/notifications").basicAuth("admin", "test-admin-secret"));
        assertTrue(list.contains("\"items\":[]"), list);
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'official.create'"));
    }
}
