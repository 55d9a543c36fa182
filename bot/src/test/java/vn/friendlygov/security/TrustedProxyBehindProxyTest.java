package vn.friendlygov.security;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.RawHttp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static vn.friendlygov.security.TrustedProxyTest.chat;

/**
 * Behind a configured reverse proxy (here the test client, 127.0.0.1, plays it) X-Forwarded-For is
 * honoured: each resident is limited as themselves, and what a resident wrote into the header in
 * front of the proxy's own entry is not believed.
 */
@MicronautTest(transactional = false)
@Property(name = "bot.rate-limit.per-address-per-minute", value = "3")
@Property(name = "bot.trusted-proxies", value = "10.20.0.0/16,127.0.0.1/32")
@Property(name = "bot.metrics.allowed-addresses", value = "198.51.100.7/32")
class TrustedProxyBehindProxyTest {
    @Inject
    EmbeddedServer server;

    @Test
    void fromATrustedProxyTheForwardedAddressIsTheClientForThePerAddressLimit() {
        int port = server.getPort();
        for (int i = 1; i <= 3; i++) {
            assertEquals(200, chat(port, "192.0.2.10"), "resident A, message " + i);
        }
        assertEquals(429, chat(port, "192.0.2.10"), "resident A is over the limit");
        assertEquals(200, chat(port, "192.0.2.11"), "resident B, behind the same proxy, is not held up");
        // resident A writes a made-up address in front; the proxy appends the real one: still A
        assertEquals(429, chat(port, "1.2.3.4, 192.0.2.10"));
        // a chain of two trusted proxies (an inner one in 10.20/16): the client is the last untrusted hop
        assertEquals(429, chat(port, "6.6.6.6, 192.0.2.10, 10.20.1.5"));
    }

    @Test
    void aMetricsScraperAtAnAllowedAddressBehindTheProxyReadsPrometheus() {
        int port = server.getPort();
        assertEquals(200, RawHttp.send(port, "GET", "/prometheus",
                List.of("Host: chatbot.example.gov.vn", "X-Forwarded-For: 198.51.100.7"), null).status());
        assertEquals(401, RawHttp.send(port, "GET", "/prometheus",
                List.of("Host: chatbot.example.gov.vn", "X-Forwarded-For: 198.51.100.8"), null).status());
        assertEquals(401, RawHttp.send(port, "GET", "/prometheus",
                List.of("Host: chatbot.example.gov.vn", "X-Forwarded-For: 198.51.100.7, 192.0.2.10"), null).status());
    }
}
