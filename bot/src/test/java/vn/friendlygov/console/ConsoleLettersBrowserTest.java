package vn.friendlygov.console;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import vn.friendlygov.support.Chromium;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Templates and letters in a real browser (Debian's headless Chromium): a leader edits the
 * commendation letter's template, a broken text comes back with its line and the text as typed, the
 * preview shows each channel's text and length, the good text is saved; then from a case page the
 * leader previews a letter from that template and sends it, and the case says it is queued and the
 * outbox delivers it to the resident's web chat.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLettersBrowserTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-thu-trinh-duyet-1";
    static final String TEMPLATE = "letters.personal.commendation";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    Db db;
    Chromium chromium;
    WebDriver browser;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("tickets.scheduler.enabled", "false");
    }

    @BeforeAll
    void start() {
        chromium = Chromium.start();
        browser = chromium.driver();
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
        db.update("DELETE FROM template_revision WHERE name = ?", TEMPLATE);
        ConsoleFixtures.password(db, "mau.chutich", PW);
    }

    @AfterAll
    void stop() throws IOException {
        if (db != null) {
            db.update("DELETE FROM template_revision WHERE name = ?", TEMPLATE);
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    private void type(By field, String text) {
        WebElement e = chromium.waitFor(field);
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void aLeaderEditsTheTemplateThenSendsALetterFromItFromTheCasePage() {
        String base = server.getURL().toString();
        chromium.signIn(base, "mau.chutich", PW);
        chromium.waitFor(By.cssSelector("form.logout"));

        // The template: a broken text is refused with its line, as typed; the preview; the save.
        browser.get(base + "/console/templates");
        chromium.waitFor(By.cssSelector("a[href^='/console/templates/" + TEMPLATE + "']")).click();
        String broken = "Kính gửi {{letter.name}},\n{{letter.ten}} xin cảm ơn.";
        type(By.id("template-source"), broken);
        browser.findElement(By.id("template-save")).click();
        assertTrue(chromium.waitFor(By.id("template-problem")).getText().contains("Dòng 2"), browser.getPageSource());
        assertEquals(broken, browser.findElement(By.id("template-source")).getAttribute("value"));
        assertEquals(0, db.count("SELECT COUNT(*) FROM template_revision WHERE name = ?", TEMPLATE));

        String text = "Kính gửi {{letter.name}},\nThay mặt {{unit.name}}, tôi biểu dương {{letter.reason}}.\n{{unit.chairmanName}}";
        type(By.id("template-source"), text);
        type(By.id("template-values"), "letter.name=Ông Đỗ Văn Bình\nletter.reason=việc nhặt được của rơi trả lại người mất");
        browser.findElement(By.id("template-preview")).click();
        String preview = chromium.waitFor(By.cssSelector("section.panel")).getText();
        assertTrue(browser.getPageSource().contains("Kính gửi Ông Đỗ Văn Bình,"), preview);
        assertTrue(browser.getPageSource().contains("Zalo") && browser.getPageSource().contains("Messenger"), "a preview per channel");
        browser.findElement(By.id("template-save")).click();
        assertTrue(chromium.waitFor(By.cssSelector("p.ok")).getText().startsWith("Đã lưu mẫu"));
        assertEquals(text, db.one("SELECT source FROM template_revision WHERE name = ?", TEMPLATE));

        // A letter from that template, from the case page: preview, send, queued, delivered.
        String code = ConsoleFixtures.fileComplaint(http, "Bãi rác tự phát ở cuối ngõ 5 thôn Đông bốc mùi, đề nghị xã dọn giúp")[0];
        browser.get(base + "/console/tickets/" + code);
        chromium.waitFor(By.id("letter-open")).click();
        new Select(chromium.waitFor(By.id("letter-template"))).selectByValue(TEMPLATE);
        type(By.id("letter-name"), "Bà Trịnh Thị Cúc");
        type(By.id("letter-reason"), "việc báo tin kịp thời");
        browser.findElement(By.id("letter-preview")).click();
        String letter = chromium.waitFor(By.id("letter-text")).getText();
        assertTrue(letter.startsWith("Kính gửi Bà Trịnh Thị Cúc,") && letter.contains("tôi biểu dương việc báo tin kịp thời"), letter);
        assertEquals(0, db.count("SELECT COUNT(*) FROM letter l JOIN ticket t ON t.id = l.ticket_id JOIN unit u ON u.id = t.unit_id "
                + "WHERE t.code = ? AND u.code = 'mau'", code), "a preview sends nothing");
        browser.findElement(By.id("letter-send")).click();
        assertTrue(chromium.waitFor(By.cssSelector("p.ok")).getText().contains("Đã đưa thư vào hàng gửi"));
        assertTrue(browser.getCurrentUrl().endsWith("/console/tickets/" + code + "?ok=letter_sent"), browser.getCurrentUrl());
        Eventually.await(Duration.ofSeconds(20), "the letter delivered", () -> "SENT".equals(db.one(
                "SELECT o.status FROM letter l JOIN outbox o ON o.dedupe_key = l.outbox_key JOIN ticket t ON t.id = l.ticket_id "
                        + "JOIN unit u ON u.id = t.unit_id WHERE t.code = ? AND u.code = 'mau'", code)));
    }
}
