package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API.md: 429 rate_limited per conversation. */
@MicronautTest(transactional = false)
@Property(name = "bot.rate-limit.per-conversation-per-minute", value = "3")
class ChatRateLimitTest {
    @Inject
    @Client("/")
    HttpClient client;

    private HttpStatus send(String id) {
        try {
            return client.toBlocking().exchange(HttpRequest.POST("/api/v1/chat",
                    "{\"conversationId\":\"" + id + "\",\"text\":\"xin chào\"}").contentType(MediaType.APPLICATION_JSON_TYPE), String.class)
                    .getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    @Test
    void theFourthMessageInAMinuteFromOneConversationIsRefused() {
        String id = "rl-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 1; i <= 3; i++) {
            assertEquals(HttpStatus.OK, send(id), "message " + i);
        }
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(
                HttpRequest.POST("/api/v1/chat", "{\"conversationId\":\"" + id + "\",\"text\":\"xin chào\"}")
                        .contentType(MediaType.APPLICATION_JSON_TYPE), String.class));
        assertEquals(HttpStatus.TOO_MANY_REQUESTS, e.getStatus());
        String body = e.getResponse().getBody(String.class).orElse("");
        assertTrue(body.contains("\"error\":\"rate_limited\"") && body.contains("\"message\":"), body);
        // another resident is not held up by this one
        assertEquals(HttpStatus.OK, send("rl-" + UUID.randomUUID().toString().substring(0, 8)));
    }
}
