package vn.friendlygov.security;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.RawHttp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * API.md "Operations": GET /health is 503 when the database is unreachable, and still shows an
 * anonymous caller nothing but the status. The service reaches MariaDB through a small TCP relay
 * that the test then cuts.
 */
class HealthWhenDatabaseDownTest {

    /** Relays 127.0.0.1:{port} to the database server until {@link #close()}. */
    static final class Relay implements AutoCloseable {
        final ServerSocket server;
        final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Relay(String host, int port) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket in = server.accept();
                        Socket out = new Socket(host, port);
                        sockets.add(in);
                        sockets.add(out);
                        pump(in, out);
                        pump(out, in);
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "db-relay");
            accept.setDaemon(true);
            accept.start();
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // cut
                }
            }, "db-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void healthIs503WithOnlyTheStatusWhenTheDatabaseIsUnreachable() throws Exception {
        String url = vn.friendlygov.support.TestDatabase.URL;
        var m = java.util.regex.Pattern.compile("(jdbc:[a-z]+)://([^:/]+):(\\d+)(/.*)").matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("TEST_DATABASE_URL is not jdbc:<driver>://host:port/...: " + url);
        }
        try (Relay relay = new Relay(m.group(2), Integer.parseInt(m.group(3)));
             ApplicationContext ctx = ApplicationContext.run(Map.of(
                     "datasources.default.url", m.group(1) + "://127.0.0.1:" + relay.port() + m.group(4),
                     "datasources.default.connection-timeout", "1000",
                     "datasources.default.validation-timeout", "500",
                     "datasources.default.minimum-idle", "0",
                     "tickets.scheduler.enabled", "false",
                     "outbox.dispatcher.enabled", "false"), "test")) {
            EmbeddedServer server = ctx.getBean(EmbeddedServer.class).start();
            RawHttp.Response up = RawHttp.send(server.getPort(), "GET", "/health", List.of("Host: chatbot.example.gov.vn"), null);
            assertEquals(200, up.status(), up.body());

            relay.close();
            RawHttp.Response down = RawHttp.send(server.getPort(), "GET", "/health", List.of("Host: chatbot.example.gov.vn"), null);
            assertEquals(503, down.status(), down.body());
            assertEquals("{\"status\":\"DOWN\"}", down.body().trim());
        }
    }
}
