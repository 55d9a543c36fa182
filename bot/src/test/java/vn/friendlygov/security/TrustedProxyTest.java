package vn.friendlygov.security;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.RawHttp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * API.md: the client address comes from X-Forwarded-For only when the request arrives from a
 * configured trusted proxy. Here none is configured: the test client (127.0.0.1) writing the header
 * is a client spoofing it, and the per-address chat limit still counts it as itself.
 */
@MicronautTest(transactional = false)
@Property(name = "bot.rate-limit.per-address-per-minute", value = "3")
@Property(name = "bot.metrics.allowed-addresses", value = "198.51.100.7/32")
class TrustedProxyTest {
    @Inject
    EmbeddedServer server;

    static int chat(int port, String forwardedFor) {
        // a new conversation each time (no id: the server issues one): only the per-address limit can refuse
        String body = "{\"text\":\"xin chào\"}";
        return RawHttp.send(port, "POST", "/api/v1/chat",
                List.of("Host: chatbot.example.gov.vn", "Content-Type: application/json", "X-Forwarded-For: " + forwardedFor), body).status();
    }

    @Test
    void aSpoofedForwardedForFromAnUntrustedClientIsIgnoredByThePerAddressLimit() {
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, chat(server.getPort(), "203.0.113." + i), "message " + i);
        }
        // a new made-up address per request does not buy a new allowance
        assertEquals(429, chat(server.getPort(), "203.0.113.99"));
        assertEquals(429, chat(server.getPort(), "198.51.100.7"));
    }

    @Test
    void aSpoofedForwardedForDoesNotOpenTheMetricsToAnAllowedAddress() {
        assertEquals(401, RawHttp.send(server.getPort(), "GET", "/prometheus",
                List.of("Host: chatbot.example.gov.vn", "X-Forwarded-For: 198.51.100.7"), null).status());
    }
}
