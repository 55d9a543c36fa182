package vn.friendlygov.console;

import com.sun.net.httpserver.HttpServer;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resident's photo is kept by the service (the platform's link expires): downloaded from an
 * allowed host, served from the case page's scope; a link to any other host, or something that is
 * not an image, is not fetched or not kept.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "console.photos.allowed-hosts", value = "127.0.0.1")
@Property(name = "console.photos.allow-http", value = "true")
@Property(name = "tickets.scheduler.enabled", value = "false")
class ConsolePhotosTest {
    static final byte[] JPEG = new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0x01, 0x02, 0x03};
    final HttpServer cdn = cdn();

    @Inject EmbeddedServer server;
    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject ConsolePhotos photos;

    static HttpServer cdn() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/img.jpg", x -> {
                x.getResponseHeaders().add("Content-Type", "image/jpeg");
                x.sendResponseHeaders(200, JPEG.length);
                x.getResponseBody().write(JPEG);
                x.close();
            });
            s.createContext("/page.html", x -> {
                x.getResponseHeaders().add("Content-Type", "text/html");
                x.sendResponseHeaders(200, 2);
                x.getResponseBody().write("<p".getBytes());
                x.close();
            });
            s.start();
            return s;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stop() {
        cdn.stop(0);
    }

    @Test
    void thePhotoIsKeptAndShownFromTheServiceAndNothingElseIsFetched() {
        Db db = new Db(dataSource);
        ConsoleFixtures.password(db, "mau.diachinh", "Mat-khau-anh-123");
        String code = ConsoleFixtures.fileComplaint(http, "Đèn đường ngõ 9 thôn Đông hỏng từ tuần trước")[0];
        long id = Long.parseLong(db.one("SELECT id FROM ticket WHERE code = ? AND unit_id = (SELECT id FROM unit WHERE code = 'mau')", code));
        String base = "http://127.0.0.1:" + cdn.getAddress().getPort();

        photos.keep(id, base + "/page.html");
        assertFalse(photos.has(id), "not an image");
        photos.keep(id, "http://example.org/img.jpg");
        assertFalse(photos.has(id), "not an allowed host");
        photos.keep(id, base + "/img.jpg");
        assertTrue(photos.has(id));

        ConsoleClient b = new ConsoleClient(server.getURL().toString());
        b.signedIn("mau.diachinh", "Mat-khau-anh-123");
        assertTrue(b.get("/console/tickets/" + code).body().contains("/console/tickets/" + code + "/photo"));
        HttpResponse<String> photo = b.get("/console/tickets/" + code + "/photo");
        assertEquals(200, photo.statusCode());
        assertEquals("image/jpeg", photo.headers().firstValue("Content-Type").orElse(""));
        assertEquals("nosniff", photo.headers().firstValue("X-Content-Type-Options").orElse(""));
        HttpResponse<byte[]> bytes = b.http.sendAsync(java.net.http.HttpRequest.newBuilder(URI.create(b.base + "/console/tickets/" + code + "/photo")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).join();
        assertArrayEquals(JPEG, bytes.body(), Arrays.toString(bytes.body()));
        // Another team's official: the photo does not exist for them either.
        ConsoleFixtures.password(db, "mau.congan", "Mat-khau-anh-123");
        ConsoleClient other = new ConsoleClient(server.getURL().toString());
        other.signedIn("mau.congan", "Mat-khau-anh-123");
        assertEquals(404, other.get("/console/tickets/" + code + "/photo").statusCode());
    }
}
