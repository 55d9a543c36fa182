package vn.friendlygov.broadcast;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.FakePlatforms;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two-person rule over real HTTP on MariaDB: a LEADER of the unit who is not the author approves
 * (the author → 403 approver_is_author, also refused by the database itself); the approved text is
 * frozen, and any change sends the campaign back to DRAFT without its approver; another unit's
 * campaign does not exist for its leader; bad input is refused in Vietnamese and stores nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignApprovalTest extends CampaignTestBase {
    static final FakePlatforms FAKES = FakePlatforms.start();

    @Override
    FakePlatforms fakes() {
        return FAKES;
    }

    @BeforeEach
    void setUp() {
        setUpBase();
    }

    @AfterAll
    void tearDown() {
        removeCampaigns();
        FAKES.close();
    }

    @Test
    void aLeaderWhoIsNotTheAuthorApprovesTheFrozenText() throws Exception {
        Map<String, Object> c = newCampaign("camp-author", "zalo", "messenger", "web");
        long id = id(c);
        assertEquals("DRAFT", c.get("status"));
        assertEquals("camp-author", c.get("author"));
        assertNull(c.get("approver"));

        // Not before it is submitted.
        assertEquals(HttpStatus.CONFLICT, refused(HttpRequest.POST("/api/v1/campaigns/" + id + "/approve", Map.of()), "camp-leader").getStatus());

        Map<String, Object> submitted = post(id, "submit", "camp-author");
        assertEquals("PENDING_APPROVAL", submitted.get("status"));
        String text = (String) submitted.get("text");
        assertTrue(text.contains("năm mới 2027") && text.contains("Nguyễn Văn An") && text.contains("Xã Hòa Bình"), text);

        HttpClientResponseException own = refused(HttpRequest.POST("/api/v1/campaigns/" + id + "/approve", Map.of()), "camp-author");
        assertEquals(HttpStatus.FORBIDDEN, own.getStatus());
        assertEquals("approver_is_author", code(own));
        HttpClientResponseException clerk = refused(HttpRequest.POST("/api/v1/campaigns/" + id + "/approve", Map.of()), "camp-clerk");
        assertEquals(HttpStatus.FORBIDDEN, clerk.getStatus());
        assertEquals("approver_not_leader", code(clerk));
        assertEquals(HttpStatus.NOT_FOUND,
                refused(HttpRequest.POST("/api/v1/campaigns/" + id + "/approve", Map.of()), "camp-other-leader").getStatus());
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.GET("/api/v1/campaigns/" + id), "camp-other-leader").getStatus());

        Map<String, Object> approved = post(id, "approve", "camp-leader");
        assertEquals("SCHEDULED", approved.get("status"));
        assertEquals("camp-leader", approved.get("approver"));
        assertEquals(text, approved.get("text"));
        assertEquals("2026-12-31T19:00:00+07:00", approved.get("scheduledAt"), "as API.md writes it, to the second");
        assertTrue(((String) approved.get("audience")).contains("Article broadcast"), (String) approved.get("audience"));

        // Any change after approval: back to DRAFT, without approver or frozen text.
        Map<String, Object> edited = call(HttpRequest.PATCH("/api/v1/campaigns/" + id, Map.of("channels", List.of("messenger"))), "camp-author");
        assertEquals("DRAFT", edited.get("status"));
        assertNull(edited.get("approver"));
        assertNull(edited.get("text"));
        assertEquals("DRAFT", db.one("SELECT status FROM campaign WHERE id = ?", id));
    }

    @Test
    void aLeaderCannotApproveTheirOwnCampaign() throws Exception {
        long id = id(newCampaign("camp-leader", "web"));
        post(id, "submit", "camp-leader");
        HttpClientResponseException own = refused(HttpRequest.POST("/api/v1/campaigns/" + id + "/approve", Map.of()), "camp-leader");
        assertEquals("approver_is_author", code(own));
        assertEquals("SCHEDULED", post(id, "approve", "camp-leader2").get("status"));
    }

    /** Whatever code writes the row, MariaDB refuses an approver who is the author, and a schedule without approver. */
    @Test
    void theDatabaseHoldsTheTwoPersonRule() throws Exception {
        long id = id(newCampaign("camp-leader", "web"));
        post(id, "submit", "camp-leader");
        assertThrows(RuntimeException.class, () -> db.update("UPDATE campaign SET approver_id = author_id WHERE id = ?", id));
        assertThrows(RuntimeException.class, () -> db.update("UPDATE campaign SET status = 'SCHEDULED' WHERE id = ?", id));
        assertEquals("PENDING_APPROVAL", db.one("SELECT status FROM campaign WHERE id = ?", id));
        assertNull(db.one("SELECT approver_id FROM campaign WHERE id = ?", id));
    }

    @Test
    void badInputIsRefusedInVietnameseAndStoresNothing() throws Exception {
        long before = db.count("SELECT COUNT(*) FROM campaign");
        HttpClientResponseException unknownVar = refused(HttpRequest.POST("/api/v1/campaigns", Map.of("unit", UNIT, "template",
                "tet-duong-lich", "title", "x", "channels", List.of("web"), "scheduledAt", "2026-12-31T19:00:00+07:00",
                "variables", Map.of("hotlne", "1"))), "camp-author");
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, unknownVar.getStatus());
        assertEquals("unknown_variable", code(unknownVar));
        HttpClientResponseException template = refused(HttpRequest.POST("/api/v1/campaigns", Map.of("unit", UNIT, "template",
                "khong-co", "title", "x", "channels", List.of("web"), "scheduledAt", "2026-12-31T19:00:00+07:00")), "camp-author");
        assertEquals("unknown_template", code(template));
        HttpClientResponseException channel = refused(HttpRequest.POST("/api/v1/campaigns", Map.of("unit", UNIT, "template",
                "tet-duong-lich", "title", "x", "channels", List.of("sms"), "scheduledAt", "2026-12-31T19:00:00+07:00")), "camp-author");
        assertEquals(HttpStatus.BAD_REQUEST, channel.getStatus());
        assertTrue(channel.getResponse().getBody(Map.class).map(m -> (String) m.get("message")).orElse("").contains("Kênh"));
        assertEquals(HttpStatus.NOT_FOUND, refused(HttpRequest.POST("/api/v1/campaigns", Map.of("unit", "camp-other", "template",
                "tet-duong-lich", "title", "x", "channels", List.of("web"), "scheduledAt", "2026-12-31T19:00:00+07:00")), "camp-author").getStatus());
        assertEquals(before, db.count("SELECT COUNT(*) FROM campaign"));
    }

    @Test
    void proposalsListTheComingHolidaysWithTetFromTheLunarCalendar() throws Exception {
        clock.set(java.time.Instant.parse("2026-12-02T03:00:00Z"));
        try {
            String body = http.toBlocking().exchange(HttpRequest.GET("/api/v1/campaigns/proposals?unit=" + UNIT).basicAuth("camp-leader", PW),
                    String.class).body();
            List<Map<String, Object>> proposals = json.readValue(body, io.micronaut.core.type.Argument.listOf(
                    io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
            assertEquals("2026-12-31T19:00:00+07:00", proposals.get(0).get("suggestedScheduledAt"));
            assertEquals("tet-duong-lich", proposals.get(0).get("template"));
            Map<String, Object> tet = proposals.stream().filter(p -> "tet-nguyen-dan".equals(p.get("template"))).findFirst().orElseThrow();
            assertEquals("2027-02-06", tet.get("date"));
            assertEquals("Đinh Mùi", ((Map<?, ?>) tet.get("variables")).get("yearName"));
            assertTrue(((List<?>) tet.get("daysOff")).contains("2027-02-06"), String.valueOf(tet.get("daysOff")));
            assertEquals(List.of("tet-duong-lich", "tet-nguyen-dan", "30-4", "quoc-khanh", "van-hoa-24-11"),
                    proposals.stream().map(p -> p.get("template")).distinct().toList());
        } finally {
            clock.set(null);
        }
    }
}
