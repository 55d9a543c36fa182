package vn.friendlygov.support;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Web-chat conversation ids are issued by the server (API.md "Web chat"). A test names its residents
 * as it likes (an alias, "w-full-case"); an alias's first message goes without a conversationId and
 * every later one carries the id the server issued for it, so tests read as before.
 */
public final class WebChatIds {
    private final Map<String, String> issued = new ConcurrentHashMap<>();

    /** A fresh alias, for a resident no other test uses. */
    public static String newAlias() {
        return "alias-" + UUID.randomUUID();
    }

    /** The body of the alias's next message: {@code conversationId} (the alias) left out the first time, the issued id after. */
    public Map<String, Object> request(Map<String, ?> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        Object alias = body.remove("conversationId");
        String id = alias == null ? null : issued.get(alias.toString());
        if (id != null) {
            body.put("conversationId", id);
        }
        return body;
    }

    /** Records the id the server issued in this answer to the alias's message; returns the answer. */
    public <M extends Map<?, ?>> M remember(Object alias, M answer) {
        if (alias != null && answer != null && answer.get("conversationId") instanceof String id) {
            issued.putIfAbsent(alias.toString(), id);
        }
        return answer;
    }

    /** The id the server issued for the alias. */
    public String id(String alias) {
        String id = issued.get(alias);
        if (id == null) {
            throw new IllegalStateException("no conversation started yet as " + alias);
        }
        return id;
    }

    /** Starts a conversation with this first message over HTTP and returns the id the server issued. */
    public static String start(HttpClient http, String text) {
        Map<String, Object> answer = http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", Map.of("text", text)),
                Argument.mapOf(String.class, Object.class));
        return (String) answer.get("conversationId");
    }
}
