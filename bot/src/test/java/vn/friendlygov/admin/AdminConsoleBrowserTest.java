package vn.friendlygov.admin;

import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import vn.friendlygov.console.ConsoleClient;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Chromium;
import vn.friendlygov.support.Db;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running a unit from the console in headless Chromium, on MariaDB over real HTTP: an administrator
 * adds a routing rule and the next complaint goes there; changes the unit's hotline, the service
 * restarts (a new embedded server on the same database, whose configuration still holds the old
 * number) and the bot still answers with the new one. A LEADER of another unit gets 404 for the
 * unit's settings page and its forms.
 */
class AdminConsoleBrowserTest {
    static final String S = UUID.randomUUID().toString().substring(0, 6);
    static final String CODE = "admc-" + S;
    static final String OTHER = "admc-o-" + S;
    static final String OLD = "0225 3111 222";
    static final String NEW = "0225 3888 999";
    static final String PW = "Mat-khau-quan-tri-1";
    static final String HOTLINE = "cho xin số đường dây nóng của xã";
    static final String RUBBISH_WEST = "Rác thải bốc mùi hôi thối ở thôn Tây mấy hôm nay không ai thu gom";

    private static EmbeddedServer start() {
        Map<String, Object> p = new HashMap<>();
        p.put("units." + CODE + ".name", "Xã Quản Trị Thử");
        p.put("units." + CODE + ".hotline", OLD);
        p.put("units." + CODE + ".areas", "Thôn Đông,Thôn Tây");
        p.put("units." + OTHER + ".name", "Xã Láng Giềng");
        return AdminApi.start(p);
    }

    private static void account(EmbeddedServer server, String unit, String username, String role, String fields) {
        OfficialRepository officials = server.getApplicationContext().getBean(OfficialRepository.class);
        UnitDirectory units = server.getApplicationContext().getBean(UnitDirectory.class);
        officials.save(new Official(null, units.byCode(unit).orElseThrow().id(), username, Passwords.hash(PW),
                "Cán bộ " + username, null, role, fields, true, null, null, true, Instant.now(), null, null, false));
    }

    private static String assignee(Db db, String caseCode) {
        return db.one("SELECT o.username FROM ticket t JOIN official o ON o.id = t.assignee_id JOIN unit u ON u.id = t.unit_id "
                + "WHERE u.code = ? AND t.code = ?", CODE, caseCode);
    }

    private static void signIn(Chromium b, String base, String username, String password) {
        b.driver().manage().deleteAllCookies();
        b.signIn(base, username, password);
        b.waitFor(By.cssSelector("form.logout"));
    }

    private static void type(Chromium b, By field, String text) {
        org.openqa.selenium.WebElement e = b.waitFor(field);
        e.clear();
        e.sendKeys(text);
    }

    @Test
    void anAdministratorRoutesComplaintsAndChangesTheHotlineInTheConsoleAndTheBotKeepsItAfterARestart() throws java.io.IOException {
        String field = "f-" + S;
        String sanitation = "v-" + S;
        String neighbour = "l-" + S;
        try (Chromium b = Chromium.start()) {
            try (EmbeddedServer server = start(); HttpClient client = HttpClient.create(server.getURL())) {
                String url = server.getURL().toString();
                AdminApi api = new AdminApi(client);
                Db db = new Db(server.getApplicationContext().getBean(DataSource.class));
                account(server, CODE, field, Official.OFFICIAL, "moi-truong");
                account(server, CODE, sanitation, Official.OFFICIAL, null);
                account(server, OTHER, neighbour, Official.LEADER, null);
                assertEquals(field, assignee(db, api.complain(CODE, RUBBISH_WEST)), "before any rule: the official of the field");
                assertTrue(api.ask(CODE, HOTLINE).contains(OLD));

                // The routing rule, added on the unit's page.
                signIn(b, url, "admin", AdminApi.ADMIN_PW);
                b.driver().get(url + "/console/admin/units/" + CODE);
                new Select(b.waitFor(By.id("rule-category"))).selectByValue("moi-truong");
                new Select(b.driver().findElement(By.id("rule-area"))).selectByValue("Thôn Tây");
                new Select(b.driver().findElement(By.id("rule-official"))).selectByValue(sanitation);
                type(b, By.id("rule-department"), "Tổ vệ sinh môi trường");
                b.driver().findElement(By.id("add-rule-button")).click();
                assertEquals("Đã lưu thay đổi.", b.waitFor(By.cssSelector("p.ok")).getText());
                assertTrue(b.driver().findElement(By.id("rules")).getText().contains("Tổ vệ sinh môi trường"));
                assertEquals(sanitation, assignee(db, api.complain(CODE, RUBBISH_WEST)), "the rule takes the next complaint");
                assertEquals(field, assignee(db, api.complain(CODE, "Rác thải bốc mùi hôi thối ở thôn Đông không ai thu gom")),
                        "another area is not the rule's");

                // The hotline, changed on the same page.
                type(b, By.id("hotline"), NEW);
                b.driver().findElement(By.id("save")).click();
                assertEquals("Đã lưu thay đổi.", b.waitFor(By.cssSelector("p.ok")).getText());
                String answer = api.ask(CODE, HOTLINE);
                assertTrue(answer.contains(NEW) && !answer.contains(OLD), "the new number at once: " + answer);
                assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.update' AND target = ? AND actor = 'admin' "
                        + "AND before_json LIKE ? AND after_json LIKE ?", CODE, "%" + OLD + "%", "%" + NEW + "%"));
                assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'routing.create' AND target LIKE ?", CODE + "#%"));

                // A refused form comes back as typed (the error said, nothing stored), not as stored.
                type(b, By.id("hotline"), "0225 3777 000");
                type(b, By.id("phones"), "Nguyễn Văn A thiếu chức vụ và số");
                b.driver().findElement(By.id("save")).click();
                assertTrue(b.waitFor(By.cssSelector("p.error")).getText().contains("Họ tên | Chức vụ | Số điện thoại"));
                assertEquals("0225 3777 000", b.driver().findElement(By.id("hotline")).getAttribute("value"));
                assertEquals("Nguyễn Văn A thiếu chức vụ và số", b.driver().findElement(By.id("phones")).getAttribute("value"));
                assertEquals(NEW, db.one("SELECT hotline FROM unit WHERE code = ?", CODE));

                // The unit's own deadline for the category and no reminder: the next case counts 2 working days.
                b.driver().get(url + "/console/admin/units/" + CODE);
                type(b, By.id("amount-moi-truong"), "2");
                new Select(b.driver().findElement(By.id("unit-moi-truong"))).selectByValue("WORKING_DAYS");
                type(b, By.id("reminderLead"), "0");
                b.driver().findElement(By.id("save-policy")).click();
                assertEquals("Đã lưu thay đổi.", b.waitFor(By.cssSelector("p.ok")).getText());
                assertEquals("2", b.driver().findElement(By.id("amount-moi-truong")).getAttribute("value"));
                String policed = api.complain(CODE, RUBBISH_WEST);
                assertTrue(db.one("SELECT e.note FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id JOIN unit u ON u.id = t.unit_id "
                        + "WHERE u.code = ? AND t.code = ? AND e.type = 'CREATED'", CODE, policed).contains("hạn 2 ngày làm việc"));
                assertEquals(null, db.one("SELECT t.remind_at FROM ticket t JOIN unit u ON u.id = t.unit_id WHERE u.code = ? AND t.code = ?", CODE, policed));
                assertEquals(1, db.count("SELECT COUNT(*) FROM audit_log WHERE action = 'unit.policy' AND target = ? AND after_json LIKE ?",
                        CODE, "%2 WORKING_DAYS%"));

                // A leader of another unit: the unit's page and forms do not exist for them.
                ConsoleClient leader = new ConsoleClient(url);
                leader.signedIn(neighbour, PW);
                assertEquals(200, leader.get("/console/admin/units/" + OTHER).statusCode());
                assertEquals(404, leader.get("/console/admin/units/" + CODE).statusCode());
                assertEquals(404, leader.submit("/console/admin/units", "/console/admin/units/" + CODE,
                        Map.of("name", "Xã Bị Sửa", "hotline", "0000")).statusCode());
                assertEquals(404, leader.submit("/console/admin/units", "/console/admin/units/" + CODE + "/routing",
                        Map.of("department", "X")).statusCode());
                assertEquals(404, leader.submit("/console/admin/units", "/console/admin/units/" + CODE + "/policy",
                        Map.of("reminderLead", "3", "leaderAfter", "1", "chairmanAfter", "1")).statusCode());
                assertEquals("Xã Quản Trị Thử", db.one("SELECT name FROM unit WHERE code = ?", CODE));
            }

            // The restart: the same configuration (still the old number) on the same database.
            try (EmbeddedServer server = start(); HttpClient client = HttpClient.create(server.getURL())) {
                String answer = new AdminApi(client).ask(CODE, HOTLINE);
                assertTrue(answer.contains(NEW) && !answer.contains(OLD), "the edited number after the restart: " + answer);
                signIn(b, server.getURL().toString(), "admin", AdminApi.ADMIN_PW);
                b.driver().get(server.getURL() + "/console/admin/units/" + CODE);
                assertEquals(NEW, b.waitFor(By.id("hotline")).getAttribute("value"));
            }
        }
    }
}
