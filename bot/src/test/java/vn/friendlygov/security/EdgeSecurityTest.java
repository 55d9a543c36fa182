package vn.friendlygov.security;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.RawHttp;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's outer doors (issue 11, API.md "Operations" and "Web chat"): management endpoints,
 * CORS from a foreign origin with a production Host header, and the status of requests nothing
 * answers. Raw HTTP, as a browser or an attacker sends it.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "units.mau.web-chat.allowed-origins", value = "https://xamau.example.gov.vn")
class EdgeSecurityTest {
    static final String HOST = "Host: chatbot.xamau.example.gov.vn";
    static final String SITE = "https://xamau.example.gov.vn";
    static final String EVIL = "https://evil.example.com";
    static final String OFFICIAL = "edge.official";
    static final String OFFICIAL_PASSWORD = "official-secret-1";

    @Inject
    EmbeddedServer server;
    @Inject
    OfficialRepository officials;

    @BeforeAll
    void anOfficialWhoIsNotAnAdministrator() {
        var existing = officials.findByUsername(OFFICIAL);
        Official o = new Official(existing.map(Official::id).orElse(null), null, OFFICIAL, Passwords.hash(OFFICIAL_PASSWORD),
                "Cán bộ thử", null, Official.OFFICIAL, null, false, null, null, true, Instant.now());
        if (existing.isPresent()) {
            officials.update(o);
        } else {
            officials.save(o);
        }
    }

    private RawHttp.Response send(String method, String path, String body, String... headers) {
        List<String> all = new ArrayList<>(List.of(HOST));
        all.addAll(List.of(headers));
        return RawHttp.send(server.getPort(), method, path, all, body);
    }

    private static String basic(String user, String password) {
        return "Authorization: Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final String ADMIN = basic("admin", "test-admin-secret");

    private static void assertJsonError(RawHttp.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.header("Content-Type").orElse("").startsWith("application/json"), "JSON: " + r.headers());
        assertTrue(r.body().contains("\"error\":\"" + code + "\"") && r.body().contains("\"message\":\""), r.body());
    }

    private static void assertNoCors(RawHttp.Response r) {
        assertFalse(r.hasHeaderStartingWith("Access-Control-"), "no CORS header: " + r.headers());
    }

    // --- management ---

    @Test
    void postStopIsDisabledForAnonymousCallersAndForAnAdministratorAndTheServiceKeepsRunning() {
        RawHttp.Response anonymous = send("POST", "/stop", "", "Content-Type: application/json", "Origin: " + EVIL);
        assertNotEquals(200, anonymous.status(), anonymous.body());
        RawHttp.Response admin = send("POST", "/stop", "", "Content-Type: application/json", ADMIN);
        assertEquals(404, admin.status(), admin.body());
        assertEquals(200, send("GET", "/health", null).status(), "still running");
    }

    @Test
    void anonymousHealthShowsOnlyTheStatusAndAnAdministratorSeesTheDetails() {
        RawHttp.Response anonymous = send("GET", "/health", null);
        assertEquals(200, anonymous.status());
        assertEquals("{\"status\":\"UP\"}", anonymous.body().trim());
        RawHttp.Response official = send("GET", "/health", null, basic(OFFICIAL, OFFICIAL_PASSWORD));
        assertEquals("{\"status\":\"UP\"}", official.body().trim(), "an official is not an administrator");
        RawHttp.Response admin = send("GET", "/health", null, ADMIN);
        assertEquals(200, admin.status());
        assertTrue(admin.body().contains("\"details\"") && admin.body().contains("jdbc"), admin.body());
    }

    @Test
    void prometheusNeedsAnAdministrator() {
        assertJsonError(send("GET", "/prometheus", null), 401, "unauthorized");
        assertJsonError(send("GET", "/prometheus", null, basic(OFFICIAL, OFFICIAL_PASSWORD)), 403, "forbidden");
        RawHttp.Response admin = send("GET", "/prometheus", null, ADMIN);
        assertEquals(200, admin.status());
        assertTrue(admin.body().contains("# TYPE ") && admin.body().contains("jvm_"), "Prometheus text");
    }

    @Test
    void noOtherManagementEndpointIsReachable() {
        for (String path : List.of("/flyway", "/env", "/beans", "/loggers", "/refresh", "/metrics", "/threaddump", "/routes", "/info", "/caches")) {
            RawHttp.Response anonymous = send("GET", path, null);
            assertNotEquals(200, anonymous.status(), path + ": " + anonymous.body());
            RawHttp.Response admin = send("GET", path, null, ADMIN);
            assertEquals(404, admin.status(), path + " is switched off: " + admin.body());
        }
        assertEquals(404, send("POST", "/refresh", "{}", "Content-Type: application/json", ADMIN).status());
        assertEquals(404, send("POST", "/loggers/ROOT", "{\"configuredLevel\":\"OFF\"}", "Content-Type: application/json", ADMIN).status());
    }

    // --- CORS ---

    @Test
    void theChatApiAnswersAPreflightFromTheUnitsWebsiteWithoutCredentials() {
        RawHttp.Response r = send("OPTIONS", "/api/v1/chat", null, "Origin: " + SITE,
                "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type");
        assertTrue(r.status() == 200 || r.status() == 204, r.status() + " " + r.body());
        assertEquals(SITE, r.header("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.header("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(r.header("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("content-type"));
        assertFalse(r.header("Access-Control-Allow-Credentials").isPresent(), "never with credentials");

        RawHttp.Response messages = send("OPTIONS", "/api/v1/chat/some-id/messages", null, "Origin: " + SITE,
                "Access-Control-Request-Method: GET");
        assertEquals(SITE, messages.header("Access-Control-Allow-Origin").orElse(null), messages.headers().toString());
    }

    @Test
    void theChatApiRefusesAPreflightFromAForeignOrigin() {
        RawHttp.Response r = send("OPTIONS", "/api/v1/chat", null, "Origin: " + EVIL,
                "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type");
        assertNoCors(r);
        assertEquals(403, r.status(), r.body());
        // the unit's site as a sub-domain, another scheme, another port: none is the configured origin
        for (String o : List.of("https://xamau.example.gov.vn.evil.example.com", "http://xamau.example.gov.vn",
                "https://xamau.example.gov.vn:8443", "null")) {
            assertNoCors(send("OPTIONS", "/api/v1/chat", null, "Origin: " + o, "Access-Control-Request-Method: POST"));
        }
    }

    @Test
    void aChatMessageFromTheUnitsWebsiteMayBeReadThereAndOneFromAForeignOriginGetsNoCorsHeaders() {
        String body = "{\"text\":\"xin chào\"}";
        RawHttp.Response site = send("POST", "/api/v1/chat", body, "Content-Type: application/json", "Origin: " + SITE);
        assertEquals(200, site.status(), site.body());
        assertEquals(SITE, site.header("Access-Control-Allow-Origin").orElse(null));
        assertFalse(site.header("Access-Control-Allow-Credentials").isPresent());
        assertTrue(site.header("Vary").orElse("").contains("Origin"));

        RawHttp.Response evil = send("POST", "/api/v1/chat", body, "Content-Type: application/json", "Origin: " + EVIL);
        assertNoCors(evil);
    }

    @Test
    void theOfficialsApiGivesNoCorsHeadersToAnyOrigin() {
        for (String origin : List.of(EVIL, SITE)) {
            RawHttp.Response preflight = send("OPTIONS", "/api/v1/tickets", null, "Origin: " + origin,
                    "Access-Control-Request-Method: GET", "Access-Control-Request-Headers: authorization");
            assertNoCors(preflight);
            assertNotEquals(200, preflight.status());
            assertNoCors(send("GET", "/api/v1/tickets", null, "Origin: " + origin, ADMIN));
            assertNoCors(send("POST", "/api/v1/admin/knowledge-base/reload", "", "Origin: " + origin, "Content-Type: text/plain", ADMIN));
            assertNoCors(send("GET", "/health", null, "Origin: " + origin));
            assertNoCors(send("POST", "/stop", "", "Origin: " + origin));
        }
    }

    // --- 404, 415, 401 ---

    @Test
    void anUnknownRouteIs404JsonAndNoBrowserIsAskedToSignIn() {
        for (String path : List.of("/", "/api/v1/nothing-here", "/favicon.ico")) {
            RawHttp.Response r = send("GET", path, null, "Accept: text/html,application/xhtml+xml");
            assertJsonError(r, 404, "not_found");
            assertFalse(r.header("WWW-Authenticate").isPresent(), path + ": " + r.headers());
        }
    }

    @Test
    void theChatApiAnswers415ToAWrongContentType() {
        RawHttp.Response r = send("POST", "/api/v1/chat", "conversationId=x&text=hello", "Content-Type: application/x-www-form-urlencoded");
        assertJsonError(r, 415, "unsupported_media_type");
        assertJsonError(send("POST", "/api/v1/chat", "xin chào", "Content-Type: text/plain"), 415, "unsupported_media_type");
    }

    @Test
    void aProtectedApiRouteWithoutCredentialsIs401JsonWithoutABasicChallenge() {
        RawHttp.Response r = send("GET", "/api/v1/tickets", null, "Accept: application/json");
        assertJsonError(r, 401, "unauthorized");
        assertFalse(r.header("WWW-Authenticate").isPresent(), r.headers().toString());
        RawHttp.Response browser = send("GET", "/api/v1/tickets", null, "Accept: text/html,application/xhtml+xml,*/*;q=0.8");
        assertFalse(browser.header("WWW-Authenticate").isPresent(), browser.headers().toString());
        assertEquals(200, send("GET", "/api/v1/tickets", null, ADMIN).status(), "API clients still use HTTP Basic");
        RawHttp.Response wrong = send("GET", "/api/v1/tickets", null, basic("admin", "wrong-password"));
        assertJsonError(wrong, 401, "unauthorized");
        assertFalse(wrong.header("WWW-Authenticate").isPresent());
    }
}
