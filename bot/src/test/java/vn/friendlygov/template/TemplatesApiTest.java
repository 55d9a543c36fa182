package vn.friendlygov.template;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.support.Db;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Templates by API over real HTTP on MariaDB: a leader reads their unit's letter, a text with an unknown
 * variable or a syntax error is refused naming the line (the old text stays), a good one is stored in
 * the database, audited with before and after, used for that unit only, and picked up by another
 * instance; the preview shows each channel's messages and their length in NFC.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplatesApiTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-mau-thu-2026";
    static final String WEDDING = "letters.personal.wedding";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject Templates templates;
    @Inject UnitDirectory units;
    Db db;
    String leader;
    String official;
    String mauLeader;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units.vinh-bao.name", "Xã Vĩnh Bảo", "tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        // Every test starts from the files: earlier edits of this class are history.
        db.update("DELETE FROM template_revision");
        templates.refresh();
        String s = UUID.randomUUID().toString().substring(0, 8);
        leader = "tp.l" + s;
        official = "tp.o" + s;
        mauLeader = "tp.m" + s;
        create(leader, "vinh-bao", "LEADER", "Phạm Thị Lãnh");
        create(official, "vinh-bao", "OFFICIAL", "Đỗ Văn Công");
        create(mauLeader, "mau", "LEADER", "Vũ Thị Mẫu");
    }

    void create(String username, String unit, String role, String name) {
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", username, "fullName", name, "unit", unit,
                "role", role, "password", PW)).basicAuth("admin", "test-admin-secret"));
        db.update("UPDATE official SET must_change_password = FALSE WHERE username = ?", username);
    }

    Map<String, Object> as(String user, MutableHttpRequest<?> r) {
        return http.toBlocking().retrieve(r.basicAuth(user, PW), Argument.mapOf(String.class, Object.class));
    }

    HttpClientResponseException refused(String user, MutableHttpRequest<?> r) {
        return assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(r.basicAuth(user, PW), String.class));
    }

    static String message(HttpClientResponseException e) {
        return (String) e.getResponse().getBody(Map.class).orElseThrow().get("message");
    }

    String rendered(String unit, String name) {
        Map<String, Object> context = new HashMap<>(UnitContext.of(units.byCode(unit).orElseThrow(), units));
        context.put("letter", Map.of("name", "Ông Trần Văn Bình"));
        return templates.render(name, context);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLeaderEditsTheirUnitsLetterAndABrokenTextIsRefusedWithItsLine() {
        List<Map<String, Object>> list = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/templates").basicAuth(leader, PW),
                Argument.listOf(Argument.mapOf(String.class, Object.class)));
        assertTrue(list.stream().anyMatch(t -> WEDDING.equals(t.get("name")) && "templates/letters/personal.yml".equals(t.get("file"))
                && Boolean.FALSE.equals(t.get("edited"))), list.toString());
        Map<String, Object> before = as(leader, HttpRequest.GET("/api/v1/templates/" + WEDDING));
        String fileText = templates.source(WEDDING);
        assertEquals(fileText, before.get("source"));
        assertEquals("vinh-bao", before.get("unit"));
        assertTrue(((List<String>) before.get("variables")).containsAll(List.of("letter.name", "unit.chairmanName", "unit.name")),
                before.toString());

        // An unknown variable on the third line: 422 naming the line and the variable; the old text stays.
        String misspelt = "Kính gửi {{letter.name}},\n\nChúc mừng hạnh phúc.\nThay mặt {{unit.nmae}}, trân trọng.";
        HttpClientResponseException e = refused(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING, Map.of("source", misspelt)));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertEquals("invalid_template", e.getResponse().getBody(Map.class).orElseThrow().get("error"));
        assertTrue(message(e).contains("Dòng 4") && message(e).contains("{{unit.nmae}}") && message(e).contains("'nmae'"), message(e));
        // A section opened and never closed: a syntax error, with its line.
        e = refused(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING, Map.of("source", "Kính gửi\n{{#letter.name}}{{letter.name}}\nhết")));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertTrue(message(e).contains("Dòng") && message(e).contains("cú pháp"), message(e));
        assertEquals(fileText, as(leader, HttpRequest.GET("/api/v1/templates/" + WEDDING)).get("source"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM template_revision"));

        // A good text: stored, audited with before and after, in use for this unit only.
        String edited = "Kính gửi {{#letter.name}}{{letter.name}}{{/letter.name}}{{^letter.name}}Quý bà con{{/letter.name}},\n\n"
                + "Thay mặt {{unit.name}}, xin chúc mừng hạnh phúc hai bạn trẻ.\n\n{{unit.chairmanName}}";
        Map<String, Object> saved = as(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING, Map.of("source", edited)));
        assertEquals(edited, saved.get("source"));
        assertEquals(true, saved.get("edited"));
        assertEquals(leader, saved.get("updatedBy"));
        assertTrue(((String) saved.get("updatedAt")).endsWith("+07:00"), saved.toString());
        assertEquals(edited, db.one("SELECT source FROM template_revision r JOIN unit u ON u.id = r.unit_id "
                + "WHERE u.code = 'vinh-bao' AND r.name = ?", WEDDING));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'template.update' AND target = ? "
                + "AND before_json LIKE ? AND after_json LIKE ?", leader, WEDDING, "%trăm năm hạnh phúc%", "%hai bạn trẻ%"));
        assertTrue(rendered("vinh-bao", WEDDING).contains("xin chúc mừng hạnh phúc hai bạn trẻ"), rendered("vinh-bao", WEDDING));
        assertTrue(rendered("mau", WEDDING).contains("trăm năm hạnh phúc"), "another unit keeps its text");
        assertEquals(fileText, as(mauLeader, HttpRequest.GET("/api/v1/templates/" + WEDDING)).get("source"));

        // Another instance's edit (a row it wrote): picked up at the next refresh.
        db.update("INSERT INTO template_revision (unit_id, name, source, author, created_at) "
                + "SELECT id, ?, ?, 'other-instance', NOW(3) FROM unit WHERE code = 'mau'", WEDDING, "Thư của {{unit.name}} gửi {{letter.name}}.");
        templates.refresh();
        assertEquals("Thư của Xã Mẫu (đơn vị minh họa) gửi Ông Trần Văn Bình.", rendered("mau", WEDDING));
    }

    @Test
    @SuppressWarnings("unchecked")
    void thePreviewShowsEachChannelsMessagesAndTheirLengthInNfc() {
        // "Nguyễn" typed with combining marks (NFD): the resident gets, and the length counts, the NFC text.
        String decomposed = Normalizer.normalize("Ông Nguyễn Văn An", Normalizer.Form.NFD);
        Map<String, Object> p = as(leader, HttpRequest.POST("/api/v1/templates/" + WEDDING + "/preview",
                Map.of("variables", Map.of("name", decomposed))));
        String text = (String) p.get("text");
        assertTrue(text.startsWith("Kính gửi Ông Nguyễn Văn An,"), text);
        assertTrue(text.contains("Xã Vĩnh Bảo"), text);
        assertEquals(text.codePointCount(0, text.length()), ((Number) p.get("length")).intValue());
        assertTrue(Normalizer.isNormalized(text, Normalizer.Form.NFC));
        Map<String, Map<String, Object>> channels = (Map<String, Map<String, Object>>) p.get("channels");
        assertEquals(List.of("zalo", "messenger", "web"), List.copyOf(channels.keySet()));
        assertEquals(2000, ((Number) channels.get("zalo").get("limit")).intValue());
        assertEquals(List.of(text), channels.get("messenger").get("messages"));
        assertEquals(List.of("letter.reason"), p.get("missing"));

        // A text being edited, longer than the platforms take: two messages on Zalo and Messenger, one on the web.
        String longText = "Kính gửi {{letter.name}}. " + "Xin chân thành cảm ơn bà con đã đóng góp ý kiến. ".repeat(50);
        p = as(leader, HttpRequest.POST("/api/v1/templates/" + WEDDING + "/preview",
                Map.of("source", longText, "variables", Map.of("letter.name", "Bà Lê Thị Hoa"))));
        channels = (Map<String, Map<String, Object>>) p.get("channels");
        assertTrue(((Number) p.get("length")).intValue() > 2000, p.toString());
        assertEquals(2, ((List<?>) channels.get("zalo").get("messages")).size());
        assertEquals(true, channels.get("zalo").get("withinLimit"));
        assertEquals(1, ((List<?>) channels.get("web").get("messages")).size());
        assertEquals(0, db.count("SELECT COUNT(*) FROM template_revision"), "a preview saves nothing");

        HttpClientResponseException e = refused(leader, HttpRequest.POST("/api/v1/templates/" + WEDDING + "/preview",
                Map.of("variables", Map.of("letter.nickname", "Tí"))));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertTrue(message(e).contains("letter.nickname"), message(e));
        e = refused(leader, HttpRequest.POST("/api/v1/templates/" + WEDDING + "/preview", Map.of("source", "{{letter.nam}}")));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
        assertTrue(message(e).contains("Dòng 1") && message(e).contains("{{letter.nam}}"), message(e));
    }

    @Test
    void onlyLeadersAndAdministratorsEditAndAnotherUnitDoesNotExistForThem() {
        assertEquals(HttpStatus.FORBIDDEN, refused(official, HttpRequest.GET("/api/v1/templates")).getStatus());
        assertEquals(HttpStatus.FORBIDDEN, refused(official, HttpRequest.PUT("/api/v1/templates/" + WEDDING,
                Map.of("source", "Xin chào"))).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(leader, HttpRequest.GET("/api/v1/templates/" + WEDDING + "?unit=mau")).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING + "?unit=mau",
                Map.of("source", "Xin chào"))).getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(leader, HttpRequest.GET("/api/v1/templates/letters.personal.khong-co")).getStatus());
        assertEquals(HttpStatus.BAD_REQUEST, refused(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING, Map.of("source", " "))).getStatus());
        assertEquals(0, db.count("SELECT COUNT(*) FROM template_revision"));

        // The administrator of every unit edits the text of every unit; a unit's own edit still wins for it.
        Map<String, Object> all = http.toBlocking().retrieve(HttpRequest.PUT("/api/v1/templates/" + WEDDING,
                Map.of("source", "Thư chung của {{unit.name}}.")).basicAuth("admin", "test-admin-secret"), Argument.mapOf(String.class, Object.class));
        assertEquals(null, all.get("unit"));
        as(leader, HttpRequest.PUT("/api/v1/templates/" + WEDDING, Map.of("source", "Thư riêng của {{unit.name}}.")));
        assertEquals("Thư chung của Xã Mẫu (đơn vị minh họa).", rendered("mau", WEDDING));
        assertEquals("Thư riêng của Xã Vĩnh Bảo.", rendered("vinh-bao", WEDDING));
        assertFalse(templates.source(WEDDING).contains("Thư chung"), "the file's text is kept as it was");
    }

    @Test
    void everyPersonalLetterAddressesQuyBaConWithoutANameAndIsSignedByTheChairman() {
        for (String name : templates.names().stream().filter(n -> n.startsWith("letters.personal.")).toList()) {
            Map<String, Object> context = new HashMap<>(UnitContext.of(units.byCode("mau").orElseThrow(), units));
            context.put("letter", Map.of());
            String text = templates.render(name, context);
            List<String> lines = text.lines().toList();
            assertTrue(lines.get(0).startsWith("Kính gửi Quý bà con"), name + ": " + text);
            assertEquals("Nguyễn Văn A (tên minh họa)", lines.get(lines.size() - 2), name + ": " + text);
            assertEquals("Chủ tịch UBND xã, Xã Mẫu (đơn vị minh họa)", lines.get(lines.size() - 1), name + ": " + text);
            assertFalse(text.contains("  ") || text.contains(" ,") || text.contains("\n\n\n"), name + ": " + text);
        }
    }
}
