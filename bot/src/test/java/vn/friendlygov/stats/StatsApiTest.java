package vn.friendlygov.stats;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import vn.friendlygov.support.KnownCases;
import vn.friendlygov.ticket.TicketSetup;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leaders' figures and the export over real HTTP on MariaDB, against a known set of cases built
 * here in March 2020 (a period no other test writes into): on time, late, open past due, rated.
 */
@MicronautTest(transactional = false)
@Property(name = "units.vinh-bao.name", value = "Xã Vĩnh Bảo")
class StatsApiTest {
    static final String ADMIN_PW = "test-admin-secret";
    static final String LEADER_PW = "leader-password-1";
    static final String PERIOD = "from=2020-03-01&to=2020-03-31";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject TicketSetup setup;
    @Inject UnitDirectory units;
    @Inject ObjectMapper json;
    Db db;
    KnownCases cases;

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        setup.seed();
        Official leader = officials.findByUsername("mau.chutich").orElseThrow();
        officials.update(leader.withPassword(Passwords.hash(LEADER_PW), false));
        cases = new KnownCases(db);
        cases.clear("PA-2020-9", "stats-");
        long mau = units.byCode("mau").orElseThrow().id();
        long vb = units.byCode("vinh-bao").orElseThrow().id();
        long conv = cases.conversation(mau, "stats-mau");
        long convVb = cases.conversation(vb, "stats-vb");
        cases.ticket(mau, conv, "PA-2020-900001", "moi-truong", "Thôn 1", "CLOSED", "2020-03-02T03:00:00Z", "2020-03-05T10:00:00Z",
                "2020-03-04T02:00:00Z", "HAI_LONG", null);
        cases.ticket(mau, conv, "PA-2020-900002", "moi-truong", "=cmd|' /C calc'!A0", "CLOSED", "2020-03-02T20:00:00Z",
                "2020-03-05T10:00:00Z", "2020-03-07T02:00:00Z", "KHONG_HAI_LONG", "Trả lời chậm, chưa xử lý xong");
        cases.ticket(mau, conv, "PA-2020-900003", "giao-thong", "Thôn 2", "IN_PROGRESS", "2020-03-03T02:00:00Z", "2020-03-06T10:00:00Z",
                null, null, null);
        cases.ticket(mau, conv, "PA-2020-900004", "giao-thong", null, "ANSWERED", "2020-03-04T01:00:00Z", "2020-03-10T10:00:00Z",
                "2020-03-05T03:00:00Z", "BINH_THUONG", null);
        cases.ticket(vb, convVb, "PA-2020-900005", "moi-truong", null, "NEW", "2020-03-02T03:00:00Z", "2020-03-05T10:00:00Z",
                null, null, null);
        cases.message(conv, "IN", "Xin giấy phép nuôi chó?", "fallback", "fallback", null, "2020-03-02T01:00:00Z");
        cases.message(conv, "IN", "  xin giấy phép nuôi chó?", "fallback", "fallback", null, "2020-03-02T01:01:00Z");
        cases.message(conv, "IN", "Lịch tiêm vắc xin mèo", "fallback", "fallback", null, "2020-03-02T01:02:00Z");
        cases.message(conv, "IN", "Giờ làm việc", "info", "gio-lam-viec", null, "2020-03-02T01:03:00Z");
        cases.message(conv, "IN", "làm giấy tờ", "procedure", "khai-sinh", null, "2020-03-02T01:04:00Z");
        cases.message(conv, "OUT", "Ý bạn là?", null, null, "[{\"title\":\"Khai sinh\",\"payload\":\"kb:khai-sinh\"},"
                + "{\"title\":\"Không phải\",\"payload\":\"menu\"}]", "2020-03-02T01:04:00Z");
        cases.message(conv, "IN", "gặp cán bộ", "action", "gap-can-bo", null, "2020-03-02T01:05:00Z");
        cases.message(convVb, "IN", "Ở Vĩnh Bảo", "fallback", "fallback", null, "2020-03-02T01:06:00Z");
    }

    Map<String, Object> stats(String query, String user, String pw) throws Exception {
        String body = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/stats?" + query).basicAuth(user, pw));
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void figuresMatchTheKnownCases() throws Exception {
        Map<String, Object> s = stats("unit=mau&" + PERIOD, "mau.chutich", LEADER_PW);
        assertEquals("mau", s.get("unit"));
        assertEquals("2020-03-01", s.get("from"));
        Map<String, Object> t = (Map<String, Object>) s.get("tickets");
        assertEquals(4, ((Number) t.get("received")).intValue());
        assertEquals(3, ((Number) t.get("resolved")).intValue());
        assertEquals(2, ((Number) t.get("overdue")).intValue());
        assertEquals(0.6667, ((Number) t.get("onTimeRate")).doubleValue(), 1e-9);
        Map<String, Object> sat = (Map<String, Object>) s.get("satisfaction");
        assertEquals(List.of(3, 1, 1, 1), List.of(((Number) sat.get("rated")).intValue(), ((Number) sat.get("satisfied")).intValue(),
                ((Number) sat.get("neutral")).intValue(), ((Number) sat.get("dissatisfied")).intValue()));
        assertEquals(0.3333, ((Number) sat.get("rate")).doubleValue(), 1e-9);
        Map<String, Object> q = (Map<String, Object>) s.get("questions");
        assertEquals(Map.of("total", 6, "answered", 1, "clarified", 1, "fallback", 3, "handedOver", 1), q);
        assertEquals(List.of(Map.of("category", "giao-thong", "received", 2, "overdue", 1),
                Map.of("category", "moi-truong", "received", 2, "overdue", 1)), s.get("byCategory"));
        List<Map<String, Object>> days = (List<Map<String, Object>>) s.get("byDay");
        assertEquals(31, days.size());
        assertEquals(Map.of("date", "2020-03-02", "received", 1, "resolved", 0), days.get(1));
        assertEquals(Map.of("date", "2020-03-03", "received", 2, "resolved", 0), days.get(2)); // 20:00 UTC is the 3rd in Vietnam
        assertEquals(Map.of("date", "2020-03-07", "received", 0, "resolved", 1), days.get(6));
        assertEquals(List.of(Map.of("text", "xin giấy phép nuôi chó?", "count", 2), Map.of("text", "lịch tiêm vắc xin mèo", "count", 1)),
                s.get("unanswered"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAdministratorSeesAnyUnitALeaderOfAnotherUnitGets404() throws Exception {
        Map<String, Object> vb = stats("unit=vinh-bao&" + PERIOD, "admin", ADMIN_PW);
        assertEquals(1, ((Number) ((Map<String, Object>) vb.get("tickets")).get("received")).intValue());
        for (String path : List.of("/api/v1/stats?unit=vinh-bao&" + PERIOD, "/api/v1/tickets/export?unit=vinh-bao&" + PERIOD)) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> http.toBlocking().exchange(HttpRequest.GET(path).basicAuth("mau.chutich", LEADER_PW), String.class));
            assertEquals(HttpStatus.NOT_FOUND, e.getStatus(), path);
        }
        HttpClientResponseException bad = assertThrows(HttpClientResponseException.class, () -> stats("from=2020-13-01", "mau.chutich", LEADER_PW));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
    }

    @Test
    void theExportHasOneRowPerCaseInExcelFriendlyUtf8() {
        HttpResponse<byte[]> r = http.toBlocking().exchange(HttpRequest.GET("/api/v1/tickets/export?format=csv&" + PERIOD)
                .basicAuth("mau.chutich", LEADER_PW), byte[].class);
        assertTrue(r.getContentType().orElseThrow().toString().startsWith("text/csv"), r.getContentType().toString());
        byte[] b = r.body();
        assertTrue(b.length > 3 && (b[0] & 0xff) == 0xEF && (b[1] & 0xff) == 0xBB && (b[2] & 0xff) == 0xBF, "BOM");
        List<String> lines = Arrays.asList(new String(b, 3, b.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertEquals("code,unit,category,area,status,created,due,answered,closed,onTime,rating", lines.get(0));
        assertEquals(List.of("PA-2020-900001", "PA-2020-900002", "PA-2020-900003", "PA-2020-900004"),
                lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(','))).toList());
        assertEquals("PA-2020-900001,mau,moi-truong,Thôn 1,CLOSED,2020-03-02T10:00:00+07:00,2020-03-05T17:00:00+07:00,"
                + "2020-03-04T09:00:00+07:00,2020-03-04T09:00:00+07:00,có,hài lòng", lines.get(1));
        assertTrue(lines.get(2).startsWith("PA-2020-900002,mau,moi-truong,'=cmd|' /C calc'!A0,CLOSED,"), lines.get(2));
        assertTrue(lines.get(2).endsWith(",không,không hài lòng"), lines.get(2));
        assertTrue(lines.get(3).startsWith("PA-2020-900003,mau,giao-thong,Thôn 2,IN_PROGRESS,") && lines.get(3).endsWith(",,,không,"),
                lines.get(3));
    }
}
