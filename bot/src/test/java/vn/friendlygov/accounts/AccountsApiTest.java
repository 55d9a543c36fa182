package vn.friendlygov.accounts;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
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
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.ticket.TicketSetup;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accounts API over real HTTP (HTTP Basic) on the real database: who may create and change
 * which accounts, validation, no password material in answers, and the password an administrator
 * sets having to be changed by its owner before anything else.
 */
@MicronautTest(transactional = false)
@Property(name = "units.vinh-bao.name", value = "Xã Vĩnh Bảo")
class AccountsApiTest {
    static final String ADMIN_PW = "test-admin-secret";
    static final String LEADER_PW = "leader-password-1";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject TicketSetup setup;
    @Inject UnitDirectory units;
    @Inject ObjectMapper json;
    Db db;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM official WHERE username LIKE 'acc-%'");
        db.update("DELETE FROM audit_log WHERE target LIKE 'acc-%'");
        setup.seed();
        Official leader = officials.findByUsername("mau.chutich").orElseThrow();
        officials.update(leader.withPassword(Passwords.hash(LEADER_PW), false));
        Official confined = officials.findByUsername("acc-vb-admin").orElse(null);
        if (confined == null) {
            officials.save(new Official(null, units.byCode("vinh-bao").orElseThrow().id(), "acc-vb-admin", Passwords.hash(ADMIN_PW),
                    "Quản trị Vĩnh Bảo", null, Official.ADMIN, null, false, null, null, true, Instant.now()));
        }
    }

    HttpResponse<String> exchange(MutableHttpRequest<?> request, String user, String password) {
        return http.toBlocking().exchange(request.basicAuth(user, password), String.class);
    }

    Map<String, Object> call(MutableHttpRequest<?> request, String user, String password) throws Exception {
        return json.readValue(exchange(request, user, password).body(), Argument.mapOf(String.class, Object.class));
    }

    HttpClientResponseException refused(MutableHttpRequest<?> request, String user, String password) {
        return assertThrows(HttpClientResponseException.class, () -> exchange(request, user, password));
    }

    static String error(HttpClientResponseException e) {
        return e.getResponse().getBody(String.class).orElse("");
    }

    static Map<String, Object> account(String username, Object... more) {
        Map<String, Object> m = new HashMap<>();
        m.put("username", username);
        m.put("fullName", "Cán bộ " + username);
        m.put("unit", "mau");
        m.put("role", "OFFICIAL");
        for (int i = 0; i < more.length; i += 2) {
            m.put((String) more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void anAccountCreatedByTheAdministratorMustChangeItsPasswordBeforeAnythingElse() throws Exception {
        HttpResponse<String> created = exchange(HttpRequest.POST("/api/v1/officials", account("acc-tuphap",
                "title", "Công chức Tư pháp – Hộ tịch", "fields", List.of("moi-truong"), "team", "Tư pháp", "onDuty", true,
                "zaloUserId", "zalo-acc-tuphap", "email", "tuphap@xamau.gov.vn", "password", "Tam-thoi-2026")), "admin", ADMIN_PW);
        assertEquals(HttpStatus.CREATED, created.getStatus());
        Map<String, Object> body = json.readValue(created.body(), Argument.mapOf(String.class, Object.class));
        assertEquals("acc-tuphap", body.get("username"));
        assertEquals(List.of("moi-truong"), body.get("fields"));
        assertEquals("tuphap@xamau.gov.vn", body.get("email"));
        assertEquals(true, body.get("mustChangePassword"));
        assertFalse(created.body().contains("pbkdf2") || created.body().contains("Tam-thoi-2026") || created.body().contains("passwordHash"),
                created.body());

        HttpClientResponseException blocked = refused(HttpRequest.GET("/api/v1/tickets"), "acc-tuphap", "Tam-thoi-2026");
        assertEquals(HttpStatus.FORBIDDEN, blocked.getStatus());
        assertTrue(error(blocked).contains("\"password_change_required\""), error(blocked));
        assertEquals(true, call(HttpRequest.GET("/api/v1/me"), "acc-tuphap", "Tam-thoi-2026").get("mustChangePassword"));

        HttpClientResponseException wrong = refused(HttpRequest.POST("/api/v1/me/password",
                Map.of("current", "not-the-password", "new", "Mat-khau-rieng-1")), "acc-tuphap", "Tam-thoi-2026");
        assertEquals(HttpStatus.FORBIDDEN, wrong.getStatus());
        HttpClientResponseException tooShort = refused(HttpRequest.POST("/api/v1/me/password",
                Map.of("current", "Tam-thoi-2026", "new", "ngan")), "acc-tuphap", "Tam-thoi-2026");
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, tooShort.getStatus());
        assertTrue(error(tooShort).contains("ít nhất 10 ký tự"), error(tooShort));

        HttpResponse<String> changed = exchange(HttpRequest.POST("/api/v1/me/password",
                Map.of("current", "Tam-thoi-2026", "new", "Mat-khau-rieng-1")), "acc-tuphap", "Tam-thoi-2026");
        assertEquals(HttpStatus.NO_CONTENT, changed.getStatus());
        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.GET("/api/v1/tickets"), "acc-tuphap", "Tam-thoi-2026").getStatus());
        assertEquals(HttpStatus.OK, exchange(HttpRequest.GET("/api/v1/tickets"), "acc-tuphap", "Mat-khau-rieng-1").getStatus());
        assertEquals(false, call(HttpRequest.GET("/api/v1/me"), "acc-tuphap", "Mat-khau-rieng-1").get("mustChangePassword"));

        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'official.create' AND target = 'acc-tuphap' AND actor = 'admin'"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'official.password-change' AND target = 'acc-tuphap'"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM audit_log WHERE target = 'acc-tuphap' AND (after_json LIKE '%Tam-thoi%' OR after_json LIKE '%pbkdf2%')"));
    }

    @Test
    void theListHasNoPasswordMaterialAndSeededOfficialsHaveNoUsablePassword() throws Exception {
        // Seeded afresh from application.yml (the routing rules point at the seeded officials).
        db.update("DELETE FROM ticket_routing_rule");
        db.update("DELETE FROM official WHERE username = 'mau.moitruong'");
        setup.seed();
        String list = exchange(HttpRequest.GET("/api/v1/officials?unit=mau"), "admin", ADMIN_PW).body();
        List<Map<String, Object>> items = json.readValue(list, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertTrue(items.stream().anyMatch(o -> "mau.diachinh".equals(o.get("username"))), list);
        assertFalse(list.contains("pbkdf2") || list.toLowerCase().contains("hash") || list.contains(AccountService.NO_PASSWORD), list);
        assertTrue(items.stream().allMatch(o -> "mau".equals(o.get("unit"))), list);
        Map<String, Object> seeded = items.stream().filter(o -> "mau.moitruong".equals(o.get("username"))).findFirst().orElseThrow();
        assertEquals(false, seeded.get("passwordSet"));
        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.GET("/api/v1/tickets"), "mau.moitruong", AccountService.NO_PASSWORD).getStatus());

        // The administrator sets it (README): the official then signs in, and must change it first.
        exchange(HttpRequest.PATCH("/api/v1/officials/mau.moitruong", Map.of("password", "Dat-boi-admin-1")), "admin", ADMIN_PW);
        HttpClientResponseException first = refused(HttpRequest.GET("/api/v1/tickets"), "mau.moitruong", "Dat-boi-admin-1");
        assertTrue(error(first).contains("password_change_required"), error(first));
    }

    @Test
    void badInputIsRefusedInVietnameseAndNothingIsWritten() throws Exception {
        long before = db.count("SELECT COUNT(*) FROM official");
        HttpClientResponseException shortPw = refused(HttpRequest.POST("/api/v1/officials", account("acc-ngan", "password", "123456789")), "admin", ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, shortPw.getStatus());
        assertTrue(error(shortPw).contains("\"validation_failed\"") && error(shortPw).contains("Mật khẩu phải có ít nhất 10 ký tự"), error(shortPw));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused(HttpRequest.POST("/api/v1/officials", account("acc-email", "email", "khong-phai-email")), "admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused(HttpRequest.POST("/api/v1/officials", account("acc-field", "fields", List.of("khong-co"))), "admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused(HttpRequest.POST("/api/v1/officials", account("acc-role", "role", "ROOT")), "admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused(HttpRequest.POST("/api/v1/officials", account("Acc Có Dấu")), "admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.BAD_REQUEST, refused(HttpRequest.POST("/api/v1/officials", account("acc-type", "onDuty", "có")), "admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.BAD_REQUEST, refused(HttpRequest.POST("/api/v1/officials", "[1,2]"), "admin", ADMIN_PW).getStatus());
        assertEquals(before, db.count("SELECT COUNT(*) FROM official"));

        exchange(HttpRequest.POST("/api/v1/officials", account("acc-trung")), "admin", ADMIN_PW);
        HttpClientResponseException dup = refused(HttpRequest.POST("/api/v1/officials", account("acc-trung")), "admin", ADMIN_PW);
        assertEquals(HttpStatus.CONFLICT, dup.getStatus());
        assertTrue(error(dup).contains("username_taken"), error(dup));
        HttpClientResponseException rename = refused(HttpRequest.PATCH("/api/v1/officials/acc-trung", Map.of("username", "acc-khac")), "admin", ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, rename.getStatus());
    }

    @Test
    void aLeaderManagesOnlyTheirOwnUnitsOfficials() throws Exception {
        assertEquals(HttpStatus.CREATED, exchange(HttpRequest.POST("/api/v1/officials", account("acc-leader-made")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.POST("/api/v1/officials", account("acc-leader-2", "role", "LEADER")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.POST("/api/v1/officials", account("acc-leader-3", "role", "ADMIN")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.POST("/api/v1/officials", account("acc-leader-4", "unit", "vinh-bao")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.GET("/api/v1/officials?unit=vinh-bao"), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.PATCH("/api/v1/officials/acc-vb-admin", Map.of("onDuty", true)), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.PATCH("/api/v1/officials/mau.phochutich", Map.of("onDuty", true)), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.PATCH("/api/v1/officials/acc-leader-made", Map.of("role", "LEADER")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.PATCH("/api/v1/officials/acc-leader-made", Map.of("unit", "vinh-bao")), "mau.chutich", LEADER_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.GET("/api/v1/officials/admin"), "mau.chutich", LEADER_PW).getStatus());
        assertEquals("Official", ((String) call(HttpRequest.PATCH("/api/v1/officials/acc-leader-made", Map.of("team", "Official")), "mau.chutich", LEADER_PW).get("team")));

        // The leader's own list: their unit only.
        List<Map<String, Object>> mine = json.readValue(exchange(HttpRequest.GET("/api/v1/officials"), "mau.chutich", LEADER_PW).body(),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertTrue(mine.stream().allMatch(o -> "mau".equals(o.get("unit"))), mine.toString());

        // An OFFICIAL manages no accounts.
        exchange(HttpRequest.PATCH("/api/v1/officials/acc-leader-made", Map.of("password", "Mat-khau-tam-1")), "mau.chutich", LEADER_PW);
        exchange(HttpRequest.POST("/api/v1/me/password", Map.of("current", "Mat-khau-tam-1", "new", "Mat-khau-rieng-2")), "acc-leader-made", "Mat-khau-tam-1");
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.GET("/api/v1/officials"), "acc-leader-made", "Mat-khau-rieng-2").getStatus());
    }

    @Test
    void anAdministratorConfinedToAUnitSeesAndChangesOnlyThatUnit() throws Exception {
        List<Map<String, Object>> list = json.readValue(exchange(HttpRequest.GET("/api/v1/officials"), "acc-vb-admin", ADMIN_PW).body(),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertTrue(list.stream().allMatch(o -> "vinh-bao".equals(o.get("unit"))), list.toString());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.PATCH("/api/v1/officials/mau.diachinh", Map.of("onDuty", false)), "acc-vb-admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.POST("/api/v1/officials", account("acc-vb-2")), "acc-vb-admin", ADMIN_PW).getStatus());
        Map<String, Object> made = call(HttpRequest.POST("/api/v1/officials", account("acc-vb-3", "unit", "vinh-bao", "role", "LEADER")), "acc-vb-admin", ADMIN_PW);
        assertEquals("vinh-bao", made.get("unit"));
        assertEquals(HttpStatus.FORBIDDEN, refused(HttpRequest.PATCH("/api/v1/officials/acc-vb-admin", Map.of("active", false)), "acc-vb-admin", ADMIN_PW).getStatus());

        // Nor another unit's cases.
        String code = fileMauComplaint();
        assertTrue(exchange(HttpRequest.GET("/api/v1/tickets"), "admin", ADMIN_PW).body().contains(code));
        assertFalse(exchange(HttpRequest.GET("/api/v1/tickets"), "acc-vb-admin", ADMIN_PW).body().contains(code));
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.GET("/api/v1/tickets/" + code + "?unit=mau"), "acc-vb-admin", ADMIN_PW).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.POST("/api/v1/tickets/" + code + "/status?unit=mau",
                Map.of("status", "IN_PROGRESS")), "acc-vb-admin", ADMIN_PW).getStatus());
    }

    @SuppressWarnings("unchecked")
    String fileMauComplaint() throws Exception {
        String conv = "w-acc-" + System.nanoTime();
        vn.friendlygov.support.WebChatIds ids = new vn.friendlygov.support.WebChatIds();
        StringBuilder all = new StringBuilder();
        for (Map<String, Object> b : List.<Map<String, Object>>of(
                Map.of("conversationId", conv, "text", "Đèn đường ngõ 4 thôn Đoài bị hỏng mấy hôm nay rồi"),
                Map.of("conversationId", conv, "postback", "pa:area:0"), Map.of("conversationId", conv, "postback", "pa:skip"),
                Map.of("conversationId", conv, "postback", "pa:skip"), Map.of("conversationId", conv, "postback", "pa:confirm"))) {
            Map<String, Object> r = ids.remember(conv, http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", ids.request(b)),
                    io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
            all.append(r);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("PA-\\d{4}-\\d{6}").matcher(all);
        assertTrue(m.find(), all.toString());
        return m.group();
    }

    @Test
    void disablingAnAccountStopsItsSignInAndEveryChangeIsAuditedWithWhatChanged() throws Exception {
        exchange(HttpRequest.POST("/api/v1/officials", account("acc-nghi", "password", "Mat-khau-tam-9", "onDuty", true)), "admin", ADMIN_PW);
        exchange(HttpRequest.POST("/api/v1/me/password", Map.of("current", "Mat-khau-tam-9", "new", "Mat-khau-rieng-9")), "acc-nghi", "Mat-khau-tam-9");
        Map<String, Object> after = call(HttpRequest.PATCH("/api/v1/officials/acc-nghi",
                Map.of("active", false, "onDuty", false, "email", "nghi@xamau.gov.vn")), "admin", ADMIN_PW);
        assertEquals(false, after.get("active"));
        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.GET("/api/v1/me"), "acc-nghi", "Mat-khau-rieng-9").getStatus());
        assertEquals("{\"onDuty\":true,\"email\":null,\"active\":true}",
                db.one("SELECT before_json FROM audit_log WHERE action = 'official.update' AND target = 'acc-nghi'"));
        assertEquals("{\"onDuty\":false,\"email\":\"nghi@xamau.gov.vn\",\"active\":false}",
                db.one("SELECT after_json FROM audit_log WHERE action = 'official.update' AND target = 'acc-nghi'"));

        // Enabled again and reset: a temporary password, shown once, to be changed first.
        exchange(HttpRequest.PATCH("/api/v1/officials/acc-nghi", Map.of("active", true)), "admin", ADMIN_PW);
        HttpResponse<String> resetResponse = exchange(HttpRequest.POST("/api/v1/officials/acc-nghi/password-reset", ""), "admin", ADMIN_PW);
        assertEquals("no-store", resetResponse.header("Cache-Control"));
        Map<String, Object> reset = json.readValue(resetResponse.body(), Argument.mapOf(String.class, Object.class));
        String temporary = (String) reset.get("temporaryPassword");
        assertTrue(temporary.length() >= 10, temporary);
        assertEquals(HttpStatus.UNAUTHORIZED, refused(HttpRequest.GET("/api/v1/me"), "acc-nghi", "Mat-khau-rieng-9").getStatus());
        assertTrue(error(refused(HttpRequest.GET("/api/v1/tickets"), "acc-nghi", temporary)).contains("password_change_required"));
        assertNull(db.one("SELECT after_json FROM audit_log WHERE action = 'official.password-reset' AND after_json LIKE ?", "%" + temporary + "%"));
    }
}
