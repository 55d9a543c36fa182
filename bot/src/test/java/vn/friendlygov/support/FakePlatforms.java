package vn.friendlygov.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the Graph API (/graph), the Zalo OA API (/zalo) and Zalo OAuth (/oauth), with
 * fault injection: queue canned answers for the next calls, make tokens expire, add delay. Records
 * every message it accepts.
 */
public final class FakePlatforms implements AutoCloseable {
    public record Sent(String channel, String recipient, String body) {
    }

    private record Canned(int status, String body, long delayMs) {
    }

    private final HttpServer server;
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Canned> messengerFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Canned> zaloFaults = new ConcurrentLinkedDeque<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refreshCalls = new AtomicLong();
    private volatile String zaloAccessToken = "zalo-access-1";
    private volatile String zaloRefreshToken = "zalo-refresh-1";
    private volatile boolean refreshBroken;
    private volatile long delayMs;

    public FakePlatforms() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/graph", this::graph);
        server.createContext("/zalo", this::zalo);
        server.createContext("/oauth", this::oauth);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("channels.messenger.graph-api-url", base() + "/graph");
        p.put("channels.zalo.api-url", base() + "/zalo");
        p.put("channels.zalo.oauth-url", base() + "/oauth");
        return p;
    }

    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    public List<Sent> sentTo(String recipient) {
        return sent().stream().filter(s -> s.recipient().equals(recipient)).toList();
    }

    public void clear() {
        sent.clear();
        messengerFaults.clear();
        zaloFaults.clear();
        delayMs = 0;
        refreshBroken = false;
    }

    /** The next Messenger send calls answer with this status and body, in order. */
    public void failMessengerNext(int status, String body) {
        messengerFaults.add(new Canned(status, body, 0));
    }

    /** The next Zalo send answers only after this long (longer than the client's timeout: a timeout). */
    public void stallZaloNext(long ms) {
        zaloFaults.add(new Canned(-1, null, ms));
    }

    public void failZaloNext(int status, String body) {
        zaloFaults.add(new Canned(status, body, 0));
    }

    public void setDelayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    /** The current access token stops working (Zalo answers -216 until it is refreshed). */
    public void expireZaloToken() {
        zaloAccessToken = "zalo-access-expired-" + ids.incrementAndGet();
    }

    public void breakRefresh() {
        refreshBroken = true;
    }

    public String zaloAccessToken() {
        return zaloAccessToken;
    }

    public String zaloRefreshToken() {
        return zaloRefreshToken;
    }

    public long refreshCalls() {
        return refreshCalls.get();
    }

    public void setZaloTokens(String access, String refresh) {
        zaloAccessToken = access;
        zaloRefreshToken = refresh;
    }

    private static final Pattern RECIPIENT = Pattern.compile("\"(?:id|user_id)\"\\s*:\\s*\"([^\"]+)\"");

    private void graph(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        pause(delayMs);
        if (x.getRequestMethod().equals("GET")) {
            respond(x, 200, "{\"first_name\":\"An\",\"last_name\":\"Nguyễn\"}");
            return;
        }
        Canned fault = messengerFaults.poll();
        if (fault != null) {
            pause(fault.delayMs());
            respond(x, fault.status(), fault.body());
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        if (query == null || !query.contains("access_token=")) {
            respond(x, 400, "{\"error\":{\"message\":\"no token\",\"code\":190}}");
            return;
        }
        Matcher m = RECIPIENT.matcher(body);
        String recipient = m.find() ? m.group(1) : "?";
        sent.add(new Sent("messenger", recipient, body));
        respond(x, 200, "{\"recipient_id\":\"" + recipient + "\",\"message_id\":\"m_" + ids.incrementAndGet() + "\"}");
    }

    private void zalo(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        pause(delayMs);
        String token = x.getRequestHeaders().getFirst("access_token");
        if (token == null || !token.equals(zaloAccessToken)) {
            respond(x, 200, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
            return;
        }
        if (x.getRequestMethod().equals("GET")) {
            respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"display_name\":\"Trần Thị Bình\"}}");
            return;
        }
        Canned fault = zaloFaults.poll();
        if (fault != null) {
            pause(fault.delayMs());
            if (fault.status() < 0) {
                x.close();   // stalled: the caller has given up by now
                return;
            }
            respond(x, fault.status(), fault.body());
            return;
        }
        Matcher m = RECIPIENT.matcher(body);
        String recipient = m.find() ? m.group(1) : "?";
        sent.add(new Sent("zalo", recipient, body));
        respond(x, 200, "{\"data\":{\"message_id\":\"z_" + ids.incrementAndGet() + "\",\"user_id\":\"" + recipient
                + "\"},\"error\":0,\"message\":\"Success\"}");
    }

    private void oauth(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        refreshCalls.incrementAndGet();
        Map<String, String> f = new HashMap<>();
        for (String kv : form.split("&")) {
            String[] p = kv.split("=", 2);
            f.put(p[0], p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        synchronized (this) {
            if (refreshBroken || !zaloRefreshToken.equals(f.get("refresh_token"))) {
                // Zalo reports token errors in the body, with HTTP 200.
                respond(x, 200, "{\"error_name\":\"Invalid refresh token\",\"error_description\":\"used or expired\"}");
                return;
            }
            long n = ids.incrementAndGet();
            zaloAccessToken = "zalo-access-r" + n;
            zaloRefreshToken = "zalo-refresh-r" + n;   // single use: the old one stops working
            respond(x, 200, "{\"access_token\":\"" + zaloAccessToken + "\",\"refresh_token\":\"" + zaloRefreshToken
                    + "\",\"expires_in\":\"90000\"}");
        }
    }

    private static void pause(long ms) {
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
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
    }
}
