package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.WebChatIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API.md: 429 rate_limited per conversation, and on the messages endpoint per client address. */
@MicronautTest(transactional = false)
@Property(name = "bot.rate-limit.per-conversation-per-minute", value = "3")
@Property(name = "bot.rate-limit.messages-per-address-per-minute", value = "5")
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
        String id = WebChatIds.start(client, "xin chào");   // the first of three
        for (int i = 2; i <= 3; i++) {
            assertEquals(HttpStatus.OK, send(id), "message " + i);
        }
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(
                HttpRequest.POST("/api/v1/chat", "{\"conversationId\":\"" + id + "\",\"text\":\"xin chào\"}")
                        .contentType(MediaType.APPLICATION_JSON_TYPE), String.class));
        assertEquals(HttpStatus.TOO_MANY_REQUESTS, e.getStatus());
        String body = e.getResponse().getBody(String.class).orElse("");
        assertTrue(body.contains("\"error\":\"rate_limited\"") && body.contains("\"message\":"), body);
        assertEquals("no-store", e.getResponse().getHeaders().get("Cache-Control"));
        // another resident is not held up by this one
        assertEquals(HttpStatus.OK, send(WebChatIds.start(client, "xin chào")));
    }

    @Test
    void theMessagesEndpointIsLimitedPerClientAddress() {
        String id = WebChatIds.start(client, "xin chào");
        for (int i = 1; i <= 5; i++) {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.GET("/api/v1/chat/" + id + "/messages"), String.class);
            assertEquals(HttpStatus.OK, r.getStatus(), "poll " + i);
        }
        // Guessing other ids from the same address counts too: the sixth request of the minute is refused, whatever its id.
        for (String path : new String[]{"/api/v1/chat/" + id + "/messages", "/api/v1/chat/" + "0".repeat(40) + "/messages"}) {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET(path), String.class));
            assertEquals(HttpStatus.TOO_MANY_REQUESTS, e.getStatus(), path);
            assertTrue(e.getResponse().getBody(String.class).orElse("").contains("\"error\":\"rate_limited\""));
            assertEquals("no-store", e.getResponse().getHeaders().get("Cache-Control"));
        }
    }
}
