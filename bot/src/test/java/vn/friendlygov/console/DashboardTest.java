package vn.friendlygov.console;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import vn.friendlygov.stats.DashboardFigures;
import vn.friendlygov.stats.DashboardFigures.Breakdown;
import vn.friendlygov.stats.StatsQueries;
import vn.friendlygov.support.Chromium;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.KnownCases;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leaders' dashboard against a known set of cases built here on MariaDB, in a unit of its own
 * (xa-so-lieu) and in April 2020: on time, late, open past due, rated (satisfied, neutral,
 * dissatisfied with a comment), one answered in the period but filed before it; unanswered
 * questions. The figures, the page, its scoping, "add to the knowledge base", and the charts in
 * headless Chromium at a phone's width.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-so-lieu-1";
    static final String UNIT = "xa-so-lieu";
    static final String PERIOD = "from=2020-04-01&to=2020-04-30";
    static final LocalDate FROM = LocalDate.parse("2020-04-01");
    static final LocalDate TO = LocalDate.parse("2020-04-30");

    @Inject EmbeddedServer server;
    @Inject DataSource dataSource;
    @Inject StatsQueries queries;
    @Inject UnitDirectory units;
    Db db;
    long unit;
    long conv;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units.xa-so-lieu.name", "Xã Số Liệu", "tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.update("DELETE FROM sign_in_lock");
        unit = units.byCode(UNIT).orElseThrow().id();
        official("sl.chutich", "Lê Văn Chủ", "LEADER");
        official("sl.an", "Nguyễn Văn An", "OFFICIAL");
        official("sl.binh", "Trần Thị Bình", "OFFICIAL");
        for (String u : List.of("sl.chutich", "sl.an", "sl.binh", "mau.chutich")) {
            ConsoleFixtures.password(db, u, PW);
        }
        KnownCases cases = new KnownCases(db);
        cases.clear("PA-2020-7", "dash-");
        db.update("DELETE FROM kb_suggestion WHERE unit_id = ?", unit);
        conv = cases.conversation(unit, "dash-web");
        cases.ticket(unit, conv, "PA-2020-700001", "moi-truong", "Thôn Đông", "CLOSED", "2020-04-01T02:00:00Z", "2020-04-06T10:00:00Z",
                "2020-04-03T02:00:00Z", "HAI_LONG", null);
        cases.ticket(unit, conv, "PA-2020-700002", "moi-truong", "Thôn Đông", "CLOSED", "2020-04-02T02:00:00Z", "2020-04-05T10:00:00Z",
                "2020-04-08T02:00:00Z", "KHONG_HAI_LONG", "Xử lý chậm quá, <b>rác</b> vẫn còn");
        cases.ticket(unit, conv, "PA-2020-700003", "giao-thong", "Thôn Tây", "IN_PROGRESS", "2020-04-03T02:00:00Z", "2020-04-07T10:00:00Z",
                null, null, null);
        cases.ticket(unit, conv, "PA-2020-700004", "giao-thong", null, "NEW", "2020-04-04T02:00:00Z", "2020-04-09T10:00:00Z",
                null, null, null);
        cases.ticket(unit, conv, "PA-2020-700005", "giao-thong", "Thôn Tây", "ANSWERED", "2020-04-05T02:00:00Z", "2020-04-12T10:00:00Z",
                "2020-04-06T02:00:00Z", "BINH_THUONG", null);
        cases.ticket(unit, conv, "PA-2020-700006", "moi-truong", "Thôn Đông", "ANSWERED", "2020-03-30T02:00:00Z", "2020-04-03T10:00:00Z",
                "2020-04-02T02:00:00Z", null, null);
        for (String[] held : new String[][]{{"PA-2020-700001", "sl.an"}, {"PA-2020-700003", "sl.an"}, {"PA-2020-700006", "sl.an"},
                {"PA-2020-700002", "sl.binh"}, {"PA-2020-700005", "sl.binh"}}) {
            cases.assign(held[0], held[1]);
        }
        cases.message(conv, "IN", "Xin giấy phép nuôi chó?", "fallback", "fallback", null, "2020-04-02T01:00:00Z");
        cases.message(conv, "IN", " xin giấy phép nuôi chó? ", "fallback", "fallback", null, "2020-04-03T01:00:00Z");
        cases.message(conv, "IN", "Lịch tiêm phòng dại", "fallback", "fallback", null, "2020-04-03T01:01:00Z");
        cases.message(conv, "IN", "làm khai sinh cần gì", "procedure", "khai-sinh", null, "2020-04-03T01:02:00Z");
        cases.message(conv, "IN", "gặp cán bộ", "action", "gap-can-bo", null, "2020-04-03T01:03:00Z");
    }

    void official(String username, String name, String role) {
        if (db.count("SELECT COUNT(*) FROM official WHERE username = ?", username) == 0) {
            db.update("INSERT INTO official (unit_id, username, password_hash, full_name, role, created_at) VALUES (?, ?, '-', ?, ?, ?)",
                    unit, username, name, role, KnownCases.ts("2020-01-01T00:00:00Z"));
        }
    }

    ConsoleClient signedIn(String username) {
        ConsoleClient b = new ConsoleClient(server.getURL().toString());
        b.signedIn(username, PW);
        return b;
    }

    @Test
    void theFiguresMatchTheKnownCases() {
        DashboardFigures f = queries.dashboard(unit, UNIT, FROM, TO, Instant.now());
        assertEquals(5, f.totals().tickets().received());
        assertEquals(4, f.totals().tickets().resolved());            // 700006 was filed in March, answered in April
        assertEquals(new Breakdown(null, 5, 4, 3, 2, 3), f.all());   // of the 5 received: 3 answered, 2 on time; 3 overdue
        assertEquals(0.6667, f.totals().tickets().onTimeRate(), 1e-9);
        assertEquals(List.of(new Breakdown("giao-thong", 3, 1, 1, 1, 2), new Breakdown("moi-truong", 2, 3, 2, 1, 1)), f.byCategory());
        assertEquals(List.of(new Breakdown("Thôn Đông", 2, 3, 2, 1, 1), new Breakdown("Thôn Tây", 2, 1, 1, 1, 1),
                new Breakdown(null, 1, 0, 0, 0, 1)), f.byArea());
        assertEquals(List.of(new Breakdown("Nguyễn Văn An", 2, 2, 1, 1, 1), new Breakdown("Trần Thị Bình", 2, 2, 2, 1, 1),
                new Breakdown(null, 1, 0, 0, 0, 1)), f.byOfficial());

        assertEquals(2, f.overdueNow());
        assertEquals(List.of("PA-2020-700003", "PA-2020-700004"), f.overdue().stream().map(DashboardFigures.OverdueCase::code).toList());
        assertEquals("Nguyễn Văn An", f.overdue().get(0).holder());
        assertEquals(null, f.overdue().get(1).holder());

        assertEquals(List.of(3L, 1L, 1L, 1L), List.of(f.totals().satisfaction().rated(), f.totals().satisfaction().satisfied(),
                f.totals().satisfaction().neutral(), f.totals().satisfaction().dissatisfied()));
        assertEquals(1, f.dissatisfied().size());
        assertEquals("PA-2020-700002", f.dissatisfied().get(0).code());
        assertEquals("Trần Thị Bình", f.dissatisfied().get(0).holder());
        assertEquals("Xử lý chậm quá, <b>rác</b> vẫn còn", f.dissatisfied().get(0).comment());

        assertEquals(5, f.totals().questions().total());
        assertEquals(List.of(new DashboardFigures.UnansweredGroup("xin giấy phép nuôi chó?", 2, conv, false),
                new DashboardFigures.UnansweredGroup("lịch tiêm phòng dại", 1, conv, false)), f.unanswered());
    }

    @Test
    void aLeaderSeesTheirUnitsFiguresInTablesAndAddsAQuestionToTheKnowledgeBase() {
        ConsoleClient b = signedIn("sl.chutich");
        HttpResponse<String> r = b.get("/console/dashboard?" + PERIOD);
        assertEquals(200, r.statusCode(), r.body());
        String page = r.body();
        assertTrue(page.contains("id=\"scope-name\">Xã Số Liệu<"), page);
        assertTrue(page.contains("id=\"kpi-received\">5<") && page.contains("id=\"kpi-resolved\">4<")
                && page.contains("id=\"kpi-overdue\">2<") && page.contains("id=\"kpi-ontime\">66,7 %<"), page);
        assertTrue(page.contains("<td>Nguyễn Văn An</td><td>2</td><td>2</td>"), page);
        assertTrue(page.contains("<td>Không ghi địa bàn</td><td>1</td><td>0</td>"), page);
        assertTrue(page.contains(">PA-2020-700003</a>") && page.contains("Chưa giao cán bộ"), page);
        assertTrue(page.contains("Xử lý chậm quá, &lt;b&gt;rác&lt;/b&gt; vẫn còn"), "a resident's comment is text");
        assertTrue(page.contains("src=\"/console/static/echarts/echarts.min.js\""), "ECharts from the service itself");
        assertFalse(page.contains("<select name=\"unit\""), "a leader has no unit chooser");
        assertEquals(200, b.get("/console/static/echarts/echarts.min.js").statusCode());

        HttpResponse<String> s = b.submit("/console/dashboard?" + PERIOD, "/console/dashboard/suggest", Map.of("conversation", String.valueOf(conv),
                "question", "xin giấy phép nuôi chó?", "unit", "", "from", "2020-04-01", "to", "2020-04-30"));
        assertEquals(303, s.statusCode(), s.body());
        assertEquals("/console/dashboard?from=2020-04-01&to=2020-04-30&ok=suggested", ConsoleClient.location(s));
        assertEquals(1, db.count("SELECT COUNT(*) FROM kb_suggestion WHERE unit_id = ? AND question = 'xin giấy phép nuôi chó?' "
                + "AND proposed_by = 'sl.chutich'", unit));
        String after = b.get(ConsoleClient.location(s)).body();
        assertTrue(after.contains("Đã đề xuất câu hỏi cho kho tri thức."), after);
        assertTrue(queries.dashboard(unit, UNIT, FROM, TO, Instant.now()).unanswered().get(0).suggested());

        HttpResponse<String> empty = b.submit("/console/dashboard?" + PERIOD, "/console/dashboard/suggest",
                Map.of("conversation", String.valueOf(conv), "question", "  ", "from", "2020-04-01", "to", "2020-04-30"));
        assertEquals(400, empty.statusCode());
        assertTrue(empty.body().contains("Câu hỏi phải có 1–2000 ký tự."), empty.body());
        assertEquals(400, b.get("/console/dashboard?from=2020-04-31").statusCode());
    }

    @Test
    void aLeaderOfOneUnitGets404ForAnotherUnitsDashboardAnOfficialNone() {
        ConsoleClient leader = signedIn("sl.chutich");
        for (String other : List.of("mau", "vinh-bao", "khong-co")) {
            HttpResponse<String> r = leader.get("/console/dashboard?unit=" + other + "&" + PERIOD);
            assertEquals(404, r.statusCode(), other);
            assertFalse(r.body().contains("kpi-received"), other);
        }
        long mauConv = db.count("SELECT MIN(id) FROM conversation WHERE unit_id = (SELECT id FROM unit WHERE code = 'mau')");
        if (mauConv > 0) {
            HttpResponse<String> r = leader.submit("/console/dashboard?" + PERIOD, "/console/dashboard/suggest",
                    Map.of("conversation", String.valueOf(mauConv), "question", "câu hỏi của xã khác", "from", "2020-04-01", "to", "2020-04-30"));
            assertEquals(404, r.statusCode());
            assertEquals(0, db.count("SELECT COUNT(*) FROM kb_suggestion WHERE question = 'câu hỏi của xã khác'"));
        }
        // Another unit's leader sees only their own figures here.
        String mau = signedIn("mau.chutich").get("/console/dashboard?" + PERIOD).body();
        assertFalse(mau.contains("PA-2020-700003"), "another unit's cases");
        assertEquals(404, signedIn("mau.chutich").get("/console/dashboard?unit=" + UNIT).statusCode());

        HttpResponse<String> official = signedIn("sl.an").get("/console/dashboard");
        assertEquals(403, official.statusCode());
        assertFalse(signedIn("sl.an").get("/console").body().contains("href=\"/console/dashboard\""), "no menu entry for officials");
    }

    @Test
    void anAdministratorChoosesAnyUnit() {
        ConsoleClient admin = new ConsoleClient(server.getURL().toString());
        admin.signedIn("admin", "test-admin-secret");
        String page = admin.get("/console/dashboard?unit=" + UNIT + "&" + PERIOD).body();
        assertTrue(page.contains("<option value=\"xa-so-lieu\" selected=\"selected\">Xã Số Liệu</option>"), page);
        assertTrue(page.contains("id=\"kpi-received\">5<"), page);
        String all = admin.get("/console/dashboard?" + PERIOD).body();
        assertTrue(all.contains("id=\"scope-name\">Tất cả đơn vị<") && all.contains(">PA-2020-700003</a>"), all);
    }

    @Test
    void aLeaderOpensTheDashboardOnAPhoneAndSeesTheChartsAndTheOverdueList() throws Exception {
        try (Chromium chromium = Chromium.start()) {
            WebDriver browser = chromium.driver();
            browser.manage().window().setSize(new Dimension(390, 844));
            chromium.signIn(server.getURL().toString(), "sl.chutich", PW);
            chromium.waitFor(By.linkText("Số liệu")).click();
            chromium.waitFor(By.id("kpis"));
            browser.get(server.getURL() + "/console/dashboard?" + PERIOD);
            for (String chart : List.of("chart-days", "chart-categories", "chart-ontime-categories", "chart-areas", "chart-officials",
                    "chart-satisfaction", "chart-questions")) {
                WebElement canvas = chromium.waitFor(By.cssSelector("#" + chart + "[data-drawn='true'] canvas"));
                assertTrue(canvas.getSize().getWidth() > 200 && canvas.getSize().getHeight() > 200, chart + " " + canvas.getSize());
                // Something was drawn: the canvas is not one flat colour.
                Object colours = ((JavascriptExecutor) browser).executeScript("var c = arguments[0], x = c.getContext('2d');"
                        + "var d = x.getImageData(0, 0, c.width, c.height).data, seen = {};"
                        + "for (var i = 0; i < d.length; i += 4 * 97) { seen[d[i] + ',' + d[i + 1] + ',' + d[i + 2] + ',' + d[i + 3]] = 1; }"
                        + "return Object.keys(seen).length;", canvas);
                assertTrue(((Number) colours).intValue() > 2, chart + " drew nothing");
            }
            String overdue = chromium.waitFor(By.id("overdue")).getText();
            assertTrue(overdue.contains("PA-2020-700003") && overdue.contains("Nguyễn Văn An") && overdue.contains("ngày"), overdue);
            assertTrue(overdue.contains("PA-2020-700004") && overdue.contains("Chưa giao cán bộ"), overdue);
            Object wide = ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth - window.innerWidth;");
            assertTrue(((Number) wide).intValue() <= 0, "the page scrolls sideways on a phone by " + wide + " px");
            String log = chromium.log().lines().filter(l -> !l.contains("favicon.ico")).collect(java.util.stream.Collectors.joining("\n"));
            assertFalse(log.contains("SEVERE"), "browser errors (CSP?): " + log);

            browser.findElement(By.cssSelector("#unanswered button.suggest")).click();
            assertEquals("Đã đề xuất câu hỏi cho kho tri thức.", chromium.waitFor(By.cssSelector("p.ok")).getText());
            assertTrue(chromium.waitFor(By.id("unanswered")).getText().contains("Đã đề xuất"));
        }
    }
}
