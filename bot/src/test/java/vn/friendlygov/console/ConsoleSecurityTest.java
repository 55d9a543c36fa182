package vn.friendlygov.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's security, over real HTTP against MariaDB: sign-in with a CSRF token and a new
 * session id, lock-out through the form, pages closed without a session, forms refused without the
 * token, headers on every page, residents' script inert, and other units' and teams' cases 404.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-dia-chinh-1";
    static final String SCRIPT = "<script>alert('xss')</script>";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("bot.sign-in.max-failures", "3", "units.xa-khac.name", "Xã Khác", "tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
        db.update("DELETE FROM sign_in_lock");
        ConsoleFixtures.password(db, "mau.diachinh", PW);
        ConsoleFixtures.password(db, "mau.congan", PW);
        ConsoleFixtures.password(db, "mau.chutich", PW);
    }

    ConsoleClient browser() {
        return new ConsoleClient(server.getURL().toString());
    }

    @Test
    void everyConsolePageSendsTheUnsignedVisitorToTheSignInForm() {
        ConsoleClient b = browser();
        for (String path : List.of("/console", "/console/tickets/PA-2026-000001", "/console/notifications", "/console/admin/officials",
                "/console/admin/audit", "/console/password")) {
            HttpResponse<String> r = b.get(path);
            assertEquals(303, r.statusCode(), path);
            assertEquals("/console/login", ConsoleClient.location(r), path);
        }
    }

    @Test
    void theSignInFormCarriesATokenAndEveryPageTheSecurityHeaders() {
        ConsoleClient b = browser();
        HttpResponse<String> login = b.get("/console/login");
        assertEquals(200, login.statusCode());
        assertFalse(ConsoleClient.csrf(login.body()).isBlank());
        assertHeaders(login);
        b.signedIn("mau.diachinh", PW);
        HttpResponse<String> inbox = b.get("/console");
        assertEquals(200, inbox.statusCode(), inbox.body());
        assertHeaders(inbox);
        // The one script the page loads carries the nonce the policy names.
        String csp = inbox.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher nonce = Pattern.compile("'nonce-([^']+)'").matcher(csp);
        assertTrue(nonce.find(), csp);
        assertTrue(inbox.body().contains("nonce=\"" + nonce.group(1) + "\""), inbox.body());
        assertNotEquals(csp, b.get("/console").headers().firstValue("Content-Security-Policy").orElseThrow(), "a new nonce per page");
    }

    static void assertHeaders(HttpResponse<String> r) {
        String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self' 'nonce-") && !csp.contains("unsafe-inline"), csp);
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
        assertEquals("same-origin", r.headers().firstValue("Referrer-Policy").orElse(""));
        assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void signingInGivesANewSessionIdAndOnlyItsHashIsStored() {
        ConsoleClient b = browser();
        HttpResponse<String> r = b.signedIn("mau.diachinh", PW);
        assertEquals("/console", ConsoleClient.location(r));
        String cookie = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("CONSOLE_SESSION=")).findFirst().orElseThrow();
        assertTrue(cookie.toLowerCase().contains("httponly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"), cookie);
        assertFalse(cookie.contains("Secure"), "plain HTTP in the test: " + cookie);
        String first = b.cookie("CONSOLE_SESSION").orElseThrow();
        assertEquals(200, b.get("/console").statusCode());
        assertEquals(1, db.count("SELECT COUNT(*) FROM console_session WHERE token_hash = ?", ConsoleSessions.hash(first)));
        assertEquals(0, db.count("SELECT COUNT(*) FROM console_session WHERE token_hash = ? OR csrf_token = ?", first, first));

        // Signing in again in the same browser: another id, and the one before it is gone.
        b.signedIn("mau.diachinh", PW);
        String second = b.cookie("CONSOLE_SESSION").orElseThrow();
        assertNotEquals(first, second);
        assertEquals(0, db.count("SELECT COUNT(*) FROM console_session WHERE token_hash = ?", ConsoleSessions.hash(first)));
        ConsoleClient replay = browser();
        replay.cookies.getCookieStore().add(java.net.URI.create(replay.base), cookieOf("CONSOLE_SESSION", first));
        assertEquals(303, replay.get("/console").statusCode());
    }

    @Test
    void aPasswordResetOrDisablingByAnAdministratorEndsTheOfficialsSessions() {
        ConsoleClient b = browser();
        b.signedIn("mau.congan", PW);
        assertEquals(200, b.get("/console").statusCode());
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials/mau.congan/password-reset", "").basicAuth("admin", "test-admin-secret"));
        HttpResponse<String> after = b.get("/console");
        assertEquals(303, after.statusCode(), "the session signed in with the old password is over");
        assertEquals("/console/login", ConsoleClient.location(after));
        assertEquals(0, db.count("SELECT COUNT(*) FROM console_session s JOIN official o ON o.id = s.official_id WHERE o.username = 'mau.congan'"));

        ConsoleFixtures.password(db, "mau.congan", PW);
        b.signedIn("mau.congan", PW);
        http.toBlocking().exchange(HttpRequest.PATCH("/api/v1/officials/mau.congan", Map.of("onDuty", true)).basicAuth("admin", "test-admin-secret"));
        assertEquals(200, b.get("/console").statusCode(), "an ordinary edit keeps the session");
        http.toBlocking().exchange(HttpRequest.PATCH("/api/v1/officials/mau.congan", Map.of("active", false)).basicAuth("admin", "test-admin-secret"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM console_session s JOIN official o ON o.id = s.official_id WHERE o.username = 'mau.congan'"));
        assertEquals(303, b.get("/console").statusCode());
    }

    @Test
    void behindHttpsTheSessionCookieIsSecure() {
        ConsoleClient b = browser();
        String token = ConsoleClient.csrf(b.get("/console/login").body());
        HttpResponse<String> r = b.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.base + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-Forwarded-Proto", "https")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("username=mau.diachinh&password=" + PW + "&csrfToken="
                        + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8))).build());
        assertEquals(303, r.statusCode(), r.body());
        assertTrue(r.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("CONSOLE_SESSION=") && c.contains("Secure")),
                r.headers().allValues("Set-Cookie").toString());
    }

    static java.net.HttpCookie cookieOf(String name, String value) {
        java.net.HttpCookie c = new java.net.HttpCookie(name, value);
        c.setPath("/console");
        c.setVersion(0);
        return c;
    }

    @Test
    void aFormPostedWithoutItsTokenIsRefused() {
        ConsoleClient b = browser();
        b.get("/console/login");
        HttpResponse<String> noToken = b.post("/console/login", Map.of("username", "mau.diachinh", "password", PW));
        assertEquals(403, noToken.statusCode(), noToken.body());
        HttpResponse<String> wrongToken = b.post("/console/login", Map.of("username", "mau.diachinh", "password", PW, "csrfToken", "forged"));
        assertEquals(403, wrongToken.statusCode());
        assertTrue(b.cookie("CONSOLE_SESSION").isEmpty());

        b.signedIn("mau.diachinh", PW);
        HttpResponse<String> logout = b.post("/console/logout", Map.of());
        assertEquals(403, logout.statusCode());
        assertEquals(200, b.get("/console").statusCode(), "still signed in");
        // A JSON fetch from another site is refused just the same.
        HttpResponse<String> json = b.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(b.base + "/console/logout"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build());
        assertEquals(403, json.statusCode());

        HttpResponse<String> out = b.submit("/console", "/console/logout", Map.of());
        assertEquals(303, out.statusCode());
        assertEquals(303, b.get("/console").statusCode());
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountThroughTheForm() {
            ConsoleClient b = browser();
            for (int i = 0; i < 2; i++) {
                HttpResponse<String> r = b.signIn("mau.congan", "sai-mat-khau-" + i);
                assertEquals(401, r.statusCode());
                assertTrue(r.body().contains("Tên đăng nhập hoặc mật khẩu không đúng."), r.body());
            }
            HttpResponse<String> third = b.signIn("mau.congan", "sai-mat-khau-3");
            assertTrue(third.body().contains("tạm thời bị khóa"), third.body());
            HttpResponse<String> right = b.signIn("mau.congan", PW);
            assertEquals(401, right.statusCode(), "the right password while locked");
            assertTrue(right.body().contains("tạm thời bị khóa"), right.body());
            assertTrue(b.cookie("CONSOLE_SESSION").isEmpty());
            // An unknown name locks the same way: the answer does not tell which names exist.
            for (int i = 0; i < 3; i++) {
                b.signIn("khong.co.ai", "sai-mat-khau");
            }
            assertTrue(b.signIn("khong.co.ai", "sai-mat-khau").body().contains("tạm thời bị khóa"));
    }

    @Test
    void aResidentsScriptIsInertAndOtherUnitsAndTeamsCasesDoNotExist() {
        String[] filed = ConsoleFixtures.fileComplaint(http, "Đèn đường ngõ 5 thôn Đông bị hỏng cả tháng nay " + SCRIPT);
        String code = filed[0];
        ConsoleClient official = browser();
        official.signedIn("mau.diachinh", PW);
        for (String path : List.of("/console", "/console/tickets/" + code)) {
            HttpResponse<String> r = official.get(path);
            assertEquals(200, r.statusCode(), path + ": " + r.body());
            assertTrue(r.body().contains("&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;"), path + ": " + r.body());
            assertFalse(r.body().contains(SCRIPT), path);
        }

        // Another team of the same unit (public order, not street lights): 404 by URL and by API.
        ConsoleClient otherTeam = browser();
        otherTeam.signedIn("mau.congan", PW);
        HttpResponse<String> byUrl = otherTeam.get("/console/tickets/" + code);
        assertEquals(404, byUrl.statusCode());
        assertFalse(byUrl.body().contains("Đèn đường ngõ 5"));
        HttpClientResponseException api = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/api/v1/tickets/" + code).basicAuth("mau.congan", PW)));
        assertEquals(HttpStatus.NOT_FOUND, api.getStatus());

        // Another unit's official: 404 by URL and by API, even as its leader.
        createOfficial("khac.lanhdao", "xa-khac", "LEADER");
        ConsoleClient otherUnit = browser();
        otherUnit.signedIn("khac.lanhdao", PW);
        assertEquals(404, otherUnit.get("/console/tickets/" + code).statusCode());
        assertEquals(404, otherUnit.submit("/console", "/console/tickets/" + code + "/status", Map.of("status", "IN_PROGRESS")).statusCode());
        assertEquals("ASSIGNED", db.one("SELECT status FROM ticket WHERE code = ? AND unit_id = (SELECT id FROM unit WHERE code = 'mau')", code));
        api = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.GET("/api/v1/tickets/" + code).basicAuth("khac.lanhdao", PW)));
        assertEquals(HttpStatus.NOT_FOUND, api.getStatus());

        // The unit's own leader sees it.
        ConsoleClient leader = browser();
        leader.signedIn("mau.chutich", PW);
        assertEquals(200, leader.get("/console/tickets/" + code).statusCode());
    }

    void createOfficial(String username, String unit, String role) {
        db.update("DELETE FROM official WHERE username = ?", username);
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", username, "fullName", "Người Thử",
                "unit", unit, "role", role)).basicAuth("admin", "test-admin-secret"));
        ConsoleFixtures.password(db, username, PW);
    }
}
