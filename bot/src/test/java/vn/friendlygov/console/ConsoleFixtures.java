package vn.friendlygov.console;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Set-up the console tests share: officials with known passwords, complaints filed through the web chat. */
final class ConsoleFixtures {
    private ConsoleFixtures() {
    }

    /** A usable password for a seeded official (no change required), active, and no old sessions. */
    static void password(Db db, String username, String password) {
        db.update("UPDATE official SET password_hash = ?, must_change_password = FALSE, active = TRUE WHERE username = ?",
                Passwords.hash(password), username);
    }

    /** A complaint filed in the web chat of the default unit (mau); returns {code, conversationId}. */
    @SuppressWarnings("unchecked")
    static String[] fileComplaint(HttpClient http, String text) {
        Map<String, Object> r = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", text)),
                Argument.mapOf(String.class, Object.class));
        String conversation = (String) r.get("conversationId");
        for (String payload : List.of("pa:area:0", "pa:skip", "pa:skip")) {
            http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("conversationId", conversation, "postback", payload)));
        }
        Map<String, Object> done = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat",
                Map.of("conversationId", conversation, "postback", "pa:confirm")), Argument.mapOf(String.class, Object.class));
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> reply : (List<Map<String, Object>>) done.get("replies")) {
            s.append(reply.get("text")).append('\n');
        }
        Matcher m = Pattern.compile("PA-\\d{4}-\\d{6}").matcher(s);
        if (!m.find()) {
            throw new AssertionError("no case code in: " + s);
        }
        return new String[]{m.group(), conversation};
    }
}
