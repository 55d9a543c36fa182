package vn.friendlygov.console;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
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
import vn.friendlygov.support.Chromium;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Human handoff in a real browser (Debian's headless Chromium): a resident asks for a person in the
 * web chat, an official signs in, takes the waiting conversation, answers it, and the answer arrives
 * in the resident's web chat; the official hands back and the resident is told the assistant is
 * answering again. What the resident typed, script included, is shown as text.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationBrowserTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final String PW = "Mat-khau-tro-chuyen-1";

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
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        FAKES.close();
    }

    WebElement waitFor(By by) {
        return chromium.waitFor(by);
    }

    @SuppressWarnings("unchecked")
    String chat(String[] id, String text) {
        Map<String, Object> body = new HashMap<>(Map.of("text", text, "unit", "vinh-bao"));
        if (id[0] != null) {
            body.put("conversationId", id[0]);
        }
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", body), Argument.mapOf(String.class, Object.class));
        id[0] = (String) answer.get("conversationId");
        List<Map<String, Object>> replies = (List<Map<String, Object>>) answer.get("replies");
        return replies == null ? "" : replies.stream().map(r -> (String) r.get("text")).reduce("", String::concat);
    }

    @SuppressWarnings("unchecked")
    boolean webChatGot(String id, String fragment) {
        Map<String, Object> later = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/chat/" + id + "/messages?after=0&unit=vinh-bao"),
                Argument.mapOf(String.class, Object.class));
        return ((List<Map<String, Object>>) later.get("messages")).stream().anyMatch(m -> String.valueOf(m.get("text")).contains(fragment));
    }

    @Test
    void anOfficialTakesAWaitingConversationAnswersItAndHandsItBack() {
        String username = "cv.b" + UUID.randomUUID().toString().substring(0, 8);
        http.toBlocking().exchange(HttpRequest.POST("/api/v1/officials", Map.of("username", username, "fullName", "Phạm Văn Trực",
                "unit", "vinh-bao", "role", "OFFICIAL", "onDuty", true, "password", PW)).basicAuth("admin", "test-admin-secret"));
        db.update("UPDATE official SET must_change_password = FALSE WHERE username = ?", username);

        String[] web = {null};
        assertTrue(chat(web, "ad ơi cho gặp người").contains("cán bộ"));
        chat(web, "<script>document.title='hacked'</script>Em cần hỏi về đất ở");
        long id = Long.parseLong(db.one("SELECT id FROM conversation WHERE channel = 'web' AND channel_user_id = ?", web[0]));

        chromium.signIn(server.getURL().toString(), username, PW);
        browser.get(server.getURL() + "/console/conversations");
        waitFor(By.cssSelector("a[href='/console/conversations/" + id + "']")).click();
        assertEquals("Đang chờ cán bộ", waitFor(By.id("conversation-status")).getText());
        String history = browser.findElement(By.id("history")).getText();
        assertTrue(history.contains("<script>document.title='hacked'</script>Em cần hỏi về đất ở"), "shown as text: " + history);
        assertNotEquals("hacked", browser.getTitle());

        browser.findElement(By.id("take")).click();
        assertEquals("Cán bộ đang trả lời", waitFor(By.id("conversation-status")).getText());
        assertTrue(browser.findElement(By.id("reply-window")).getText().contains("khung chat trên trang web"));
        browser.findElement(By.id("conversation-reply")).sendKeys("Chào anh, tôi là cán bộ Địa chính, anh hỏi về thửa đất nào ạ?");
        browser.findElement(By.id("conversation-send")).click();
        waitFor(By.cssSelector("p.ok"));
        Eventually.await(Duration.ofSeconds(15), "the answer in the resident's web chat",
                () -> webChatGot(web[0], "tôi là cán bộ Địa chính"));
        Eventually.await(Duration.ofSeconds(15), "the page shows it delivered", () -> {
            browser.navigate().refresh();
            return waitFor(By.id("history")).getText().contains("đã gửi");
        });

        browser.findElement(By.id("hand-back")).click();
        assertEquals("Trợ lý ảo đang trả lời", waitFor(By.id("conversation-status")).getText());
        Eventually.await(Duration.ofSeconds(15), "the resident told the assistant is back", () -> webChatGot(web[0], "trợ lý ảo"));
        assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE actor = ? AND action = 'conversation.reply'", username));
    }
}
