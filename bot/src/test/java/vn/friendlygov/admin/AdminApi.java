package vn.friendlygov.admin;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real HTTP calls for the administration tests: signed-in API calls and a resident's web chat. */
final class AdminApi {
    static final String ADMIN_PW = "test-admin-secret";
    static final Pattern CASE_CODE = Pattern.compile("PA-\\d{4}-\\d{6}");

    private final HttpClient http;

    AdminApi(HttpClient http) {
        this.http = http;
    }

    /**
     * A service of its own on the test database (a restart is a second one on the same database), with
     * no background senders or case jobs: it must never take another test's outbox rows.
     */
    static EmbeddedServer start(Map<String, Object> properties) {
        Map<String, Object> p = new java.util.HashMap<>(properties);
        p.put("outbox.dispatcher.enabled", "false");
        p.put("tickets.scheduler.enabled", "false");
        ApplicationContext ctx = ApplicationContext.builder().environments("test").properties(p).build();
        try {
            ctx.start();
            return ctx.getBean(EmbeddedServer.class).start();
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    HttpResponse<String> exchange(MutableHttpRequest<?> request, String user, String password) {
        return http.toBlocking().exchange(request.basicAuth(user, password), String.class);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> call(MutableHttpRequest<?> request, String user, String password) {
        return http.toBlocking().retrieve(request.basicAuth(user, password), Argument.mapOf(String.class, Object.class));
    }

    List<Map<String, Object>> list(MutableHttpRequest<?> request, String user, String password) {
        return http.toBlocking().retrieve(request.basicAuth(user, password), Argument.listOf(Argument.mapOf(String.class, Object.class)));
    }

    Map<String, Object> admin(MutableHttpRequest<?> request) {
        return call(request, "admin", ADMIN_PW);
    }

    HttpClientResponseException refused(MutableHttpRequest<?> request, String user, String password) {
        return assertThrows(HttpClientResponseException.class, () -> exchange(request, user, password));
    }

    /** One resident message in a web chat of this unit; {@code conversation} holds the issued id (empty: a new chat). */
    @SuppressWarnings("unchecked")
    String chat(String unit, String[] conversation, String text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unit", unit);
        body.put("text", text);
        if (conversation[0] != null) {
            body.put("conversationId", conversation[0]);
        }
        Map<String, Object> r = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", body), Argument.mapOf(String.class, Object.class));
        conversation[0] = (String) r.get("conversationId");
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> reply : (List<Map<String, Object>>) r.get("replies")) {
            s.append(reply.get("text")).append('\n');
        }
        return s.toString();
    }

    /** A new web chat's answer to one question. */
    String ask(String unit, String text) {
        return chat(unit, new String[1], text);
    }

    /** A resident files a complaint that names its place; returns the case code. */
    String complain(String unit, String text) {
        String[] conv = new String[1];
        List<String> said = new ArrayList<>();
        said.add(chat(unit, conv, text));
        said.add(chat(unit, conv, "không có ảnh"));
        said.add(chat(unit, conv, "bỏ qua"));
        String ack = chat(unit, conv, "có");
        said.add(ack);
        Matcher m = CASE_CODE.matcher(ack);
        assertTrue(m.find(), "an acknowledgement with the case code: " + said);
        return m.group();
    }
}
