package vn.friendlygov.perf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the Graph API (/graph), the Zalo OA API (/zalo) and Zalo OAuth (/oauth) for
 * the webhook storm, after bot's test helper FakePlatforms: every message the service sends is
 * recorded with the time it arrived. Always answers success; any non-empty token is accepted, and
 * a token refresh hands out fresh tokens.
 */
final class StormFakePlatforms implements AutoCloseable {
    record Sent(String channel, String recipient, String body, long atNanos) {
    }

    private static final Pattern RECIPIENT = Pattern.compile("\"(?:id|user_id)\"\\s*:\\s*\"([^\"]+)\"");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final List<Sent> sent = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();

    StormFakePlatforms(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/graph", this::graph);
        server.createContext("/zalo", this::zalo);
        server.createContext("/oauth", this::oauth);
        server.setExecutor(executor);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    int sentCount() {
        synchronized (sent) {
            return sent.size();
        }
    }

    private void record(String channel, String body) {
        Matcher m = RECIPIENT.matcher(body);
        String recipient = m.find() ? m.group(1) : "?";
        synchronized (sent) {
            sent.add(new Sent(channel, recipient, body, System.nanoTime()));
        }
    }

    private void graph(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (x.getRequestMethod().equals("GET")) {   // profile look-up
            respond(x, 200, "{\"first_name\":\"An\",\"last_name\":\"Nguyễn\"}");
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        if (query == null || !query.contains("access_token=")) {
            respond(x, 400, "{\"error\":{\"message\":\"no token\",\"code\":190}}");
            return;
        }
        record("messenger", body);
        respond(x, 200, "{\"recipient_id\":\"r\",\"message_id\":\"m_" + ids.incrementAndGet() + "\"}");
    }

    private void zalo(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = x.getRequestHeaders().getFirst("access_token");
        if (token == null || token.isBlank()) {
            respond(x, 200, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
            return;
        }
        if (x.getRequestMethod().equals("GET")) {
            respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"display_name\":\"Trần Thị Bình\"}}");
            return;
        }
        record("zalo", body);
        respond(x, 200, "{\"data\":{\"message_id\":\"z_" + ids.incrementAndGet() + "\"},\"error\":0,\"message\":\"Success\"}");
    }

    private void oauth(HttpExchange x) throws IOException {
        x.getRequestBody().readAllBytes();
        long n = ids.incrementAndGet();
        respond(x, 200, "{\"access_token\":\"zalo-access-r" + n + "\",\"refresh_token\":\"zalo-refresh-r" + n
                + "\",\"expires_in\":\"90000\"}");
    }

    private static void respond(HttpExchange x, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
