package vn.friendlygov.console;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.friendlygov.support.Chromium;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console in a real browser (Debian's headless Chromium through /usr/bin/chromedriver; skipped
 * only where that driver is not installed — CI installs it): an official signs in, opens a case,
 * changes its status and replies, and the resident gets the answer in the web chat; and a first
 * working day end to end — the administrator creates the account in the console, the official signs
 * in for the first time and must change the password, handles a Zalo complaint, the answer arrives on
 * (fake) Zalo and the resident's rating closes the case.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final Pattern CODE = Pattern.compile("PA-\\d{4}-\\d{6}");
    static final String PW = "Mat-khau-trinh-duyet-1";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    Db db;
    Chromium chromium;
    WebDriver browser;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.put("tickets.scheduler.enabled", "false");
        return p;
    }

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        FAKES.close();
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
        db.update("DELETE FROM sign_in_lock");
        FAKES.clear();
        FAKES.followDatabaseTokens(db);
        browser.manage().deleteAllCookies();
    }

    String url(String path) {
        return server.getURL() + path;
    }

    WebElement waitFor(By by) {
        return chromium.waitFor(by);
    }

    void signIn(String username, String password) {
        chromium.signIn(url(""), username, password);
    }

    void signOut() {
        browser.findElement(By.cssSelector("form.logout button")).click();
        waitFor(By.id("username"));
    }

    void openCase(String code) {
        waitFor(By.linkText(code)).click();
        waitFor(By.id("timeline"));
    }

    String status() {
        return browser.findElement(By.id("status")).getText();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOfficialChangesACasesStatusAndRepliesAndTheResidentGetsTheAnswerInTheWebChat() {
        ConsoleFixtures.password(db, "mau.diachinh", PW);
        String[] filed = ConsoleFixtures.fileComplaint(http, "Đèn đường ngõ 7 thôn Đông tắt cả tuần nay, tối đi lại rất nguy hiểm");
        String code = filed[0];

        signIn("mau.diachinh", PW);
        waitFor(By.id("my-cases"));
        openCase(code);
        assertEquals("đã giao cán bộ xử lý", status());

        browser.findElement(By.id("to-in-progress")).click();
        waitFor(By.cssSelector("p.ok"));
        assertEquals("đang xử lý", status());

        browser.findElement(By.id("reply-text")).sendKeys("Đội điện đã thay bóng đèn ngõ 7 chiều nay (phiếu ĐĐ-0715).");
        browser.findElement(By.id("reply-send")).click();
        assertEquals("Đã gửi câu trả lời cho người dân.", waitFor(By.cssSelector("p.ok")).getText());
        assertEquals("đã có kết quả trả lời", status());
        assertTrue(browser.findElement(By.id("timeline")).getText().contains("Trả lời người dân"));

        Eventually.await(Duration.ofSeconds(15), "the answer in the resident's web chat", () -> {
            Map<String, Object> later = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chat/" + filed[1] + "/messages?after=0"),
                    Argument.mapOf(String.class, Object.class));
            return ((List<Map<String, Object>>) later.get("messages")).stream()
                    .anyMatch(m -> String.valueOf(m.get("text")).contains("phiếu ĐĐ-0715"));
        });
        // The case page reports the answer's delivery.
        Eventually.await(Duration.ofSeconds(15), "the delivery recorded as sent", () -> {
            browser.navigate().refresh();
            return waitFor(By.id("deliveries")).getText().contains("Câu trả lời người dân web đã gửi");
        });
        signOut();
    }

    @Test
    void aFirstWorkingDayFromTheAccountToTheResidentsRatingOnZalo() {
        db.update("UPDATE official SET fields = NULL WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        db.update("DELETE FROM ticket_routing_rule WHERE unit_id = (SELECT id FROM unit WHERE code = 'vinh-bao')");
        db.update("DELETE FROM official WHERE username IN ('vb.moitruong', 'vb.moitruong.c')");
        // The audit log outlives runs (and case codes repeat once the counters are reset): count this run's entries.
        long auditFrom = db.count("SELECT COALESCE(MAX(id), 0) FROM audit_log");

        // The administrator creates the account in the console, with a temporary password.
        signIn("admin", "test-admin-secret");
        waitFor(By.linkText("Tài khoản")).click();
        waitFor(By.id("new-username")).sendKeys("vb.moitruong.c");
        browser.findElement(By.id("new-fullname")).sendKeys("Hoàng Văn Môi");
        new Select(browser.findElement(By.id("new-unit"))).selectByValue("vinh-bao");
        new Select(browser.findElement(By.id("new-role"))).selectByValue("OFFICIAL");
        browser.findElement(By.id("new-fields")).sendKeys("moi-truong");
        browser.findElement(By.id("new-password")).sendKeys("Tam-thoi-vinh-bao-1");
        browser.findElement(By.id("new-onduty")).click();
        browser.findElement(By.id("create")).click();
        assertEquals("Đã tạo tài khoản.", waitFor(By.cssSelector("p.ok")).getText());
        signOut();

        // First sign-in: the password change comes first.
        signIn("vb.moitruong.c", "Tam-thoi-vinh-bao-1");
        waitFor(By.id("current")).sendKeys("Tam-thoi-vinh-bao-1");
        browser.findElement(By.id("new")).sendKeys(PW);
        browser.findElement(By.id("repeat")).sendKeys(PW);
        browser.findElement(By.id("change")).click();
        assertEquals("Đã đổi mật khẩu.", waitFor(By.cssSelector("p.ok")).getText());

        // A resident files a complaint on Zalo; it is routed to the new official.
        String resident = SignedEvents.id("zu");
        residentWrites(resident, "Rác thải bốc mùi hôi thối ở đầu ngõ 3 thôn Đông, cả tuần không ai thu gom");
        residentWrites(resident, "Đầu ngõ 3 thôn Đông, cạnh nhà văn hóa");
        residentWrites(resident, "bỏ qua");
        residentWrites(resident, "bỏ qua");
        Matcher m = CODE.matcher(residentWrites(resident, "có"));
        assertTrue(m.find());
        String code = m.group();

        browser.get(url("/console"));
        openCase(code);
        int before = FAKES.sentTo(resident).size();
        browser.findElement(By.id("reply-text")).sendKeys("Tổ vệ sinh đã thu gom rác ở đầu ngõ 3 sáng nay (phiếu VS-0312).");
        browser.findElement(By.id("reply-send")).click();
        waitFor(By.cssSelector("p.ok"));
        Eventually.await(Duration.ofSeconds(15), "the answer on Zalo", () -> FAKES.sentTo(resident).stream().skip(before)
                .anyMatch(s -> s.channel().equals("zalo") && SignedEvents.unescape(s.text()).contains("phiếu VS-0312")));

        residentWrites(resident, "hài lòng");
        Eventually.await(Duration.ofSeconds(15), "the rating on the case page", () -> {
            browser.navigate().refresh();
            return "đã hoàn thành".equals(status()) && browser.getPageSource().contains("Hài lòng");
        });
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE id > ? AND actor = 'vb.moitruong.c' AND action = 'ticket.reply' AND target = ?",
                auditFrom, code));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE id > ? AND actor = 'admin' AND action = 'official.create' AND target = 'vb.moitruong.c'",
                auditFrom));
        signOut();
    }

    /** The resident writes on Zalo (a signed webhook); returns what the OA sent back. */
    String residentWrites(String user, String text) {
        int before = FAKES.sentTo(user).size();
        long ts = System.currentTimeMillis();
        String body = SignedEvents.zaloText(SignedEvents.OA_ID, user, SignedEvents.id("z"), ts, text);
        HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.POST("/webhooks/zalo", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).header("X-ZEvent-Signature", SignedEvents.zaloSignature(body, ts)), String.class);
        assertEquals(HttpStatus.OK, r.getStatus());
        Eventually.await(Duration.ofSeconds(15), "the OA's answer to '" + text + "'", () -> FAKES.sentTo(user).size() > before);
        Eventually.stays(Duration.ofMillis(300), "the answer complete", () -> true);
        StringBuilder s = new StringBuilder();
        FAKES.sentTo(user).stream().skip(before).forEach(x -> s.append(SignedEvents.unescape(x.text())).append('\n'));
        return s.toString();
    }

}
