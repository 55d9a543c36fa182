package vn.friendlygov.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import io.micronaut.runtime.server.EmbeddedServer;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.RawHttp;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Units and routing rules administered over real HTTP on MariaDB: a routing rule added by an
 * administrator takes the next complaint; a LEADER edits their own unit's facts but sees no other
 * unit (404) and no channel settings (403); bad input changes nothing; web-chat origins apply to
 * CORS at once; a unit switched off stops answering.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UnitAdminApiTest implements TestPropertyProvider {
    static final String S = UUID.randomUUID().toString().substring(0, 6);
    static final String A = "adm-a-" + S;
    static final String B = "adm-b-" + S;
    static final String LEADER_PW = "leader-password-1";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject EmbeddedServer server;
    @Inject OfficialRepository officials;
    @Inject UnitDirectory units;
    AdminApi api;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units." + A + ".name", "Xã Phân Công",
                "units." + A + ".areas", "Thôn Đông,Thôn Tây",
                "units." + B + ".name", "Xã Bên Cạnh",
                "tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        api = new AdminApi(http);
        db = new Db(dataSource);
        account(A, "a-field-" + S, Official.OFFICIAL, "moi-truong", null);
        account(A, "a-team-" + S, Official.OFFICIAL, null, "Tổ vệ sinh");
        account(A, "a-leader-" + S, Official.LEADER, null, null);
        account(B, "b-leader-" + S, Official.LEADER, null, null);
    }

    void account(String unit, String username, String role, String fields, String team) {
        if (officials.findByUsername(username).isEmpty()) {
            officials.save(new Official(null, units.byCode(unit).orElseThrow().id(), username, Passwords.hash(LEADER_PW),
                    "Cán bộ " + username, null, role, fields, true, null, null, true, Instant.now(), null, team, false));
        }
    }

    String assignee(String code) {
        return db.one("SELECT o.username FROM ticket t JOIN unit u ON u.id = t.unit_id JOIN official o ON o.id = t.assignee_id "
                + "WHERE u.code = ? AND t.code = ?", A, code);
    }

    @Test
    void anAdministratorAddsARoutingRuleAndTheNextComplaintGoesThere() {
        String text = "Rác thải bốc mùi hôi thối ở thôn Tây mấy hôm nay không ai thu gom";
        assertEquals("a-field-" + S, assignee(api.complain(A, text)), "before any rule: the official of the field");

        HttpResponse<String> created = api.exchange(HttpRequest.POST("/api/v1/admin/units/" + A + "/routing-rules",
                Map.of("category", "moi-truong", "area", "Thôn Tây", "official", "a-team-" + S, "department", "Tổ vệ sinh môi trường")),
                "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.CREATED, created.getStatus());
        assertEquals("a-team-" + S, assignee(api.complain(A, text)), "the rule takes the next complaint");
        assertEquals("a-field-" + S, assignee(api.complain(A, "Rác thải bốc mùi hôi thối ở thôn Đông không ai thu gom")),
                "another area is not the rule's");
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'routing.create' AND actor = 'admin' AND target LIKE ?", A + "#%"));

        // A rule for a team (no official): the case goes to a member of the team.
        List<Map<String, Object>> rules = api.list(HttpRequest.GET("/api/v1/admin/units/" + A + "/routing-rules"), "admin", AdminApi.ADMIN_PW);
        assertEquals(1, rules.size(), rules.toString());
        Object id = rules.get(0).get("id");
        api.exchange(HttpRequest.PUT("/api/v1/admin/units/" + A + "/routing-rules/" + id,
                Map.of("category", "moi-truong", "team", "Tổ vệ sinh", "department", "Tổ vệ sinh môi trường")), "admin", AdminApi.ADMIN_PW);
        assertEquals("a-team-" + S, assignee(api.complain(A, "Rác thải bốc mùi hôi thối ở thôn Đông không ai thu gom")));

        assertEquals(HttpStatus.NO_CONTENT, api.exchange(HttpRequest.DELETE("/api/v1/admin/units/" + A + "/routing-rules/" + id),
                "admin", AdminApi.ADMIN_PW).getStatus());
        assertEquals(0, db.count("SELECT COUNT(*) FROM ticket_routing_rule WHERE unit_id = (SELECT id FROM unit WHERE code = ?)", A));
        assertEquals(1, db.count("SELECT COUNT(*) FROM unit WHERE code = ? AND routing_edited_at IS NOT NULL", A));

        // An official of another unit, an unknown category: refused, nothing stored.
        HttpClientResponseException e = api.refused(HttpRequest.POST("/api/v1/admin/units/" + A + "/routing-rules",
                Map.of("category", "moi-truong", "official", "b-leader-" + S, "department", "X")), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        e = api.refused(HttpRequest.POST("/api/v1/admin/units/" + A + "/routing-rules",
                Map.of("category", "khong-co", "department", "X")), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertEquals(0, db.count("SELECT COUNT(*) FROM ticket_routing_rule WHERE unit_id = (SELECT id FROM unit WHERE code = ?)", A));
    }

    @Test
    void aLeaderEditsTheirOwnUnitsFactsButAnotherUnitDoesNotExistForThem() {
        String aLeader = "a-leader-" + S;
        String bLeader = "b-leader-" + S;
        for (var request : List.of(HttpRequest.GET("/api/v1/admin/units/" + A),
                HttpRequest.PATCH("/api/v1/admin/units/" + A, Map.of("hotline", "0225 3000 000")),
                HttpRequest.GET("/api/v1/admin/units/" + A + "/routing-rules"),
                HttpRequest.POST("/api/v1/admin/units/" + A + "/routing-rules", Map.of("department", "X")))) {
            assertEquals(HttpStatus.NOT_FOUND, api.refused(request, bLeader, LEADER_PW).getStatus(), request.getPath());
        }
        assertEquals(0, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = ?", bLeader));

        Map<String, Object> edited = api.call(HttpRequest.PATCH("/api/v1/admin/units/" + A,
                Map.of("receptionSchedule", "Chủ tịch tiếp công dân sáng thứ Ba hằng tuần")), aLeader, LEADER_PW);
        assertEquals("Chủ tịch tiếp công dân sáng thứ Ba hằng tuần", edited.get("receptionSchedule"));
        assertTrue(api.ask(A, "lịch tiếp công dân của chủ tịch xã").contains("sáng thứ Ba hằng tuần"));

        // Channel settings and switching the unit off are for administrators.
        HttpClientResponseException e = api.refused(HttpRequest.PATCH("/api/v1/admin/units/" + A,
                Map.of("messengerPageAccessToken", "leader-token")), aLeader, LEADER_PW);
        assertEquals(HttpStatus.FORBIDDEN, e.getStatus());
        assertEquals(HttpStatus.FORBIDDEN, api.refused(HttpRequest.PATCH("/api/v1/admin/units/" + A, Map.of("active", false)),
                aLeader, LEADER_PW).getStatus());
        List<Map<String, Object>> mine = api.list(HttpRequest.GET("/api/v1/admin/units"), aLeader, LEADER_PW);
        assertEquals(List.of(A), mine.stream().map(u -> u.get("code")).toList());
        assertEquals(HttpStatus.FORBIDDEN, api.refused(HttpRequest.GET("/api/v1/admin/units/" + A), "a-field-" + S, LEADER_PW).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, api.refused(HttpRequest.POST("/api/v1/admin/units", Map.of("code", "x-" + S, "name", "X")),
                aLeader, LEADER_PW).getStatus());
    }

    @Test
    void badInputIsRefusedInVietnameseAndChangesNothing() {
        String before = db.one("SELECT updated_at FROM unit WHERE code = ?", B);
        HttpClientResponseException e = api.refused(HttpRequest.PATCH("/api/v1/admin/units/" + B,
                Map.of("address", "Số 1 đường Mới", "hotline", "gọi cho tôi")), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertTrue(e.getResponse().getBody(String.class).orElse("").contains("đường dây nóng"));
        e = api.refused(HttpRequest.PATCH("/api/v1/admin/units/" + B, Map.of("address", "Số 1", "hotlien", "0225")), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.BAD_REQUEST, e.getStatus());
        e = api.refused(HttpRequest.PATCH("/api/v1/admin/units/" + B,
                Map.of("address", "Số 1", "webChatAllowedOrigins", List.of("https://xa.example.gov.vn/chat"))), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertEquals(before, db.one("SELECT updated_at FROM unit WHERE code = ?", B));
        assertEquals(null, db.one("SELECT address FROM unit WHERE code = ?", B));
    }

    @Test
    void webChatOriginsAreStoredNormalisedAndASwitchedOffUnitStopsAnswering() {
        String site = "https://" + B + ".example.gov.vn";
        // Refused before the edit, stored normalised, and allowed by CORS at once after it.
        assertEquals(403, preflight(site).status());
        api.admin(HttpRequest.PATCH("/api/v1/admin/units/" + B, Map.of("webChatAllowedOrigins", List.of(site + "/"))));
        assertEquals("[\"" + site + "\"]", db.one("SELECT web_chat_origins_json FROM unit WHERE code = ?", B));
        RawHttp.Response allowed = preflight(site);
        assertEquals(204, allowed.status(), allowed.headers() + " " + allowed.body());
        assertEquals(site, allowed.header("Access-Control-Allow-Origin").orElse(null));
        api.admin(HttpRequest.PATCH("/api/v1/admin/units/" + B, Map.of("webChatAllowedOrigins", List.of())));
        assertEquals(403, preflight(site).status());

        // A new unit created in the console, switched off and on again.
        String c = "adm-c-" + S;
        HttpResponse<String> created = api.exchange(HttpRequest.POST("/api/v1/admin/units",
                Map.of("code", c, "name", "Phường Mới", "hotline", "0225 3777 777")), "admin", AdminApi.ADMIN_PW);
        assertEquals(HttpStatus.CREATED, created.getStatus());
        assertEquals(HttpStatus.CONFLICT, api.refused(HttpRequest.POST("/api/v1/admin/units", Map.of("code", c, "name", "X")),
                "admin", AdminApi.ADMIN_PW).getStatus());
        assertTrue(api.ask(c, "số đường dây nóng của phường").contains("0225 3777 777"));
        api.admin(HttpRequest.PATCH("/api/v1/admin/units/" + c, Map.of("active", false)));
        HttpClientResponseException off = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
                () -> api.ask(c, "số đường dây nóng của phường"));
        assertEquals(HttpStatus.BAD_REQUEST, off.getStatus());
        assertEquals(false, api.admin(HttpRequest.GET("/api/v1/admin/units/" + c)).get("active"));
        api.admin(HttpRequest.PATCH("/api/v1/admin/units/" + c, Map.of("active", true)));
        assertTrue(api.ask(c, "số đường dây nóng của phường").contains("0225 3777 777"));
        assertFalse(db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.create' AND target = ?", c) == 0);
    }

    /**
     * A browser's preflight from the unit's website to the service at its public name. (With
     * {@code Host: localhost} Micronaut refuses every foreign origin, 403 without a body, before any
     * filter of ours: its guard against drive-by requests to a developer's machine.)
     */
    RawHttp.Response preflight(String origin) {
        return RawHttp.send(server.getPort(), "OPTIONS", "/api/v1/chat", List.of("Host: chatbot.example.gov.vn", "Origin: " + origin,
                "Access-Control-Request-Method: POST", "Access-Control-Request-Headers: content-type"), null);
    }
}
