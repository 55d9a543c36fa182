package vn.friendlygov.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database is the source of truth for a unit after its first start: an administrator changes the
 * hotline (and a channel secret) through the API, the bot answers with the new number at once, and
 * after a restart — a new application context on the same database whose configuration still holds
 * the old number — it still does. The secret is never shown back nor written to the audit log.
 */
class UnitEditSurvivesRestartTest {
    static final String CODE = "adm-" + UUID.randomUUID().toString().substring(0, 8);
    static final String OLD = "0225 3111 111";
    static final String NEW = "0225 3999 999";
    static final String CONFIG_TOKEN = "cfg-page-token-" + UUID.randomUUID();
    static final String CONSOLE_TOKEN = "console-page-token-" + UUID.randomUUID();

    private static EmbeddedServer start() {
        Map<String, Object> p = new HashMap<>();
        p.put("units." + CODE + ".name", "Xã Thử Quản Trị");
        p.put("units." + CODE + ".hotline", OLD);
        p.put("units." + CODE + ".messenger.page-access-token", CONFIG_TOKEN);
        return AdminApi.start(p);
    }

    @Test
    void anAdministratorChangesTheHotlineAndTheBotAnswersWithItBeforeAndAfterARestart() {
        String question = "cho xin số đường dây nóng của xã";
        try (EmbeddedServer server = start(); HttpClient client = HttpClient.create(server.getURL())) {
            AdminApi api = new AdminApi(client);
            assertTrue(api.ask(CODE, question).contains(OLD), "configuration's number before the edit");

            Map<String, Object> before = api.admin(HttpRequest.GET("/api/v1/admin/units/" + CODE));
            assertEquals(OLD, before.get("hotline"));
            assertEquals("configuration", ((Map<?, ?>) before.get("secrets")).get("messengerPageAccessToken"));
            assertFalse(before.toString().contains(CONFIG_TOKEN), before.toString());

            String patched = api.exchange(HttpRequest.PATCH("/api/v1/admin/units/" + CODE,
                    Map.of("hotline", NEW, "messengerPageAccessToken", CONSOLE_TOKEN)), "admin", AdminApi.ADMIN_PW).body();
            assertTrue(patched.contains(NEW) && patched.contains("\"messengerPageAccessToken\":\"console\""), patched);
            assertFalse(patched.contains(CONSOLE_TOKEN) || patched.contains(CONFIG_TOKEN), patched);

            String answer = api.ask(CODE, question);
            assertTrue(answer.contains(NEW) && !answer.contains(OLD), "the new number at once: " + answer);

            Db db = new Db(server.getApplicationContext().getBean(DataSource.class));
            assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.update' AND target = ? AND actor = 'admin' "
                    + "AND before_json LIKE ? AND after_json LIKE ?", CODE, "%" + OLD + "%", "%" + NEW + "%"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM audit_log WHERE target = ? AND (after_json LIKE ? OR before_json LIKE ?)",
                    CODE, "%" + CONSOLE_TOKEN + "%", "%" + CONFIG_TOKEN + "%"));
            assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE target = ? AND after_json LIKE '%messengerPageAccessToken%'", CODE));
        }

        // The restart: the same configuration (still the old number) on the same database.
        try (EmbeddedServer server = start(); HttpClient client = HttpClient.create(server.getURL())) {
            AdminApi api = new AdminApi(client);
            String answer = api.ask(CODE, question);
            assertTrue(answer.contains(NEW) && !answer.contains(OLD), "the edited number after the restart: " + answer);
            Map<String, Object> unit = api.admin(HttpRequest.GET("/api/v1/admin/units/" + CODE));
            assertEquals(NEW, unit.get("hotline"));
            assertEquals("console", ((Map<?, ?>) unit.get("secrets")).get("messengerPageAccessToken"));
            assertEquals(HttpStatus.OK, api.exchange(HttpRequest.GET("/api/v1/admin/units"), "admin", AdminApi.ADMIN_PW).getStatus());
            assertFalse(api.exchange(HttpRequest.GET("/api/v1/admin/units"), "admin", AdminApi.ADMIN_PW).body().contains(CONSOLE_TOKEN));
        }
    }
}
