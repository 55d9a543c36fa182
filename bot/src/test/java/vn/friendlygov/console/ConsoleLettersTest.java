package vn.friendlygov.console;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;

import javax.sql.DataSource;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The console's letters and templates over real HTTP (forms with their CSRF token, no JavaScript): from
 * a case page, "Gửi thư" previews the letter and sends it, and the case and its conversation show it
 * delivered; a leader edits a template with a per-channel preview, a broken text comes back naming the
 * line with the official's text kept, a good one is saved; an official may not edit templates.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLettersTest implements TestPropertyProvider {
    static final String PW = "Mat-khau-bang-dieu-khien-2026";

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    Db db;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("tickets.scheduler.enabled", "false");
    }

    @BeforeEach
    void setUp() {
        db = new Db(dataSource);
        db.settleOutboxLeftovers();
        db.update("DELETE FROM template_revision");
        ConsoleFixtures.password(db, "mau.chutich", PW);
        ConsoleFixtures.password(db, "mau.diachinh", PW);
    }

    ConsoleClient signedIn(String username) {
        ConsoleClient c = new ConsoleClient(server.getURL().toString());
        c.signedIn(username, PW);
        return c;
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void fromTheCasePageALetterIsPreviewedSentAndShownDelivered() {
        String[] filed = ConsoleFixtures.fileComplaint(http, "Cống thoát nước ở ngõ 3 thôn Đông bị tắc, nước tràn vào nhà dân");
        String code = filed[0];
        ConsoleClient leader = signedIn("mau.chutich");
        String casePage = leader.get("/console/tickets/" + code).body();
        assertTrue(casePage.contains("/console/letters/new?ticket=" + code), casePage);

        String draftPath = "/console/letters/new?ticket=" + code + "&template=letters.personal.thanks&name=" + enc("Bà Lê Thị Hoa")
                + "&reason=" + enc("phản ánh kịp thời việc cống tắc");
        HttpResponse<String> draft = leader.get(draftPath);
        assertEquals(200, draft.statusCode(), draft.body());
        assertTrue(draft.body().contains("Kính gửi Bà Lê Thị Hoa,") && draft.body().contains("đã phản ánh kịp thời việc cống tắc"),
                draft.body());
        assertEquals(0, db.count("SELECT COUNT(*) FROM letter l JOIN ticket t ON t.id = l.ticket_id JOIN unit u ON u.id = t.unit_id "
                + "WHERE t.code = ? AND u.code = 'mau'", code),
                "a preview sends nothing");

        HttpResponse<String> sent = leader.submit(draftPath, "/console/letters", Map.of("ticket", code, "template",
                "letters.personal.thanks", "name", "Bà Lê Thị Hoa", "reason", "phản ánh kịp thời việc cống tắc", "unit", ""));
        assertEquals(303, sent.statusCode(), sent.body());
        assertEquals("/console/tickets/" + code + "?ok=letter_sent", ConsoleClient.location(sent));
        Eventually.await(Duration.ofSeconds(20), "the letter delivered to the web chat", () -> "SENT".equals(db.one(
                "SELECT o.status FROM letter l JOIN outbox o ON o.dedupe_key = l.outbox_key JOIN ticket t ON t.id = l.ticket_id "
                        + "JOIN unit u ON u.id = t.unit_id WHERE t.code = ? AND u.code = 'mau'", code)));
        String after = leader.get("/console/tickets/" + code + "?ok=letter_sent").body();
        assertTrue(after.contains("Đã đưa thư vào hàng gửi") && after.contains("Thư chờ gửi"), after);
        String conversation = db.one("SELECT t.conversation_id FROM ticket t JOIN unit u ON u.id = t.unit_id "
                + "WHERE t.code = ? AND u.code = 'mau'", code);
        String history = leader.get("/console/conversations/" + conversation).body();
        assertTrue(history.contains("Kính gửi Bà Lê Thị Hoa,") && history.contains("đã gửi"), history);
        assertTrue(history.contains("/console/letters/new?conversation=" + conversation), history);

        assertEquals(404, leader.get("/console/letters/new?ticket=PA-2099-000001").statusCode());
        HttpResponse<String> wrong = leader.get("/console/letters/new?conversation=" + conversation + "&template=letters.apology.overdue");
        assertEquals(422, wrong.statusCode(), "a case's apology is sent from the case");
    }

    @Test
    void aLeaderEditsATemplateWithAPreviewAndABrokenTextComesBackWithItsLine() {
        ConsoleClient leader = signedIn("mau.chutich");
        String list = leader.get("/console/templates").body();
        assertTrue(list.contains("letters.personal.wedding") && list.contains("templates/letters/personal.yml"), list);
        String editor = "/console/templates/letters.personal.wedding";
        assertTrue(leader.get(editor).body().contains("Chúc đôi vợ chồng"), "the file's text in the box");

        String text = "Kính gửi {{letter.name}},\nThay mặt {{unit.name}}, xin chúc mừng hạnh phúc.";
        HttpResponse<String> preview = leader.submit(editor, editor, Map.of("source", text, "values", "letter.name=Ông Đặng Văn An",
                "action", "preview"));
        assertEquals(200, preview.statusCode(), preview.body());
        assertTrue(preview.body().contains("Kính gửi Ông Đặng Văn An,") && preview.body().contains("Zalo")
                && preview.body().contains("Messenger") && preview.body().contains("tối đa 2000"), preview.body());

        HttpResponse<String> broken = leader.submit(editor, editor, Map.of("source", "Kính gửi\n{{letter.nam}}", "values", "",
                "action", "save"));
        assertEquals(422, broken.statusCode(), broken.body());
        assertTrue(broken.body().contains("Dòng 2") && broken.body().contains("{{letter.nam}}"), broken.body());
        assertEquals(0, db.count("SELECT COUNT(*) FROM template_revision"));

        HttpResponse<String> saved = leader.submit(editor, editor, Map.of("source", text, "values", "", "action", "save"));
        assertEquals(303, saved.statusCode(), saved.body());
        assertEquals(editor + "?ok=template_saved", ConsoleClient.location(saved));
        assertEquals(text, db.one("SELECT source FROM template_revision WHERE name = 'letters.personal.wedding'"));
        assertTrue(leader.get(editor).body().contains("mau.chutich"), "who edited it last");

        ConsoleClient official = signedIn("mau.diachinh");
        assertEquals(403, official.get("/console/templates").statusCode());
    }
}
