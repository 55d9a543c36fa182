package vn.friendlygov.perf;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local stand-ins for the Graph API (/graph), the Zalo OA API (/zalo) and Zalo OAuth (/oauth) for
 * the webhook storm, after bot's test helper FakePlatforms: every message the service sends is
 * recorded with the time it arrived and the id it was given. Always answers success; any non-empty
 * token is accepted, and a token refresh hands out fresh tokens. The conversation look-ups the
 * service makes for sends left in doubt by the kill (Messenger's Page Conversations API, Zalo's
 * /v2.0/oa/conversation) are answered from what was accepted, as sent by the storm's page and OA.
 * The bookkeeping on the send path is an append and a per-recipient index under one lock; texts
 * are read out of the stored bodies only when a look-up asks.
 */
final class StormFakePlatforms implements AutoCloseable {
    record Sent(String channel, String recipient, String body, String id, long atMillis, long atNanos) {
    }

    private static final Pattern RECIPIENT = Pattern.compile("\"(?:id|user_id)\"\\s*:\\s*\"([^\"]+)\"");
    /** The message text as sent, still JSON-escaped (so it goes back into JSON as it is). */
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LIMIT = Pattern.compile("limit\\((\\d+)\\)");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(32);
    private final List<Sent> sent = new ArrayList<>();
    /** Per channel, recipient → what was accepted for them, oldest first (guarded by {@code sent}). */
    private final Map<String, List<Sent>> messengerThreads = new HashMap<>();
    private final Map<String, List<Sent>> zaloThreads = new HashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong lookups = new AtomicLong();

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

    /** What was accepted for one recipient on a channel ("messenger" or "zalo"), oldest first. */
    List<Sent> sentTo(String channel, String recipient) {
        synchronized (sent) {
            return List.copyOf((channel.equals("messenger") ? messengerThreads : zaloThreads).getOrDefault(recipient, List.of()));
        }
    }

    /** Conversation look-ups answered (one per send the service found in doubt after the kill). */
    long lookups() {
        return lookups.get();
    }

    private Sent record(String channel, String body, String id) {
        Matcher m = RECIPIENT.matcher(body);
        String recipient = m.find() ? m.group(1) : "?";
        Sent s = new Sent(channel, recipient, body, id, System.currentTimeMillis(), System.nanoTime());
        synchronized (sent) {
            sent.add(s);
            (channel.equals("messenger") ? messengerThreads : zaloThreads).computeIfAbsent(recipient, k -> new ArrayList<>(2)).add(s);
        }
        return s;
    }

    /** The newest {@code limit} messages accepted for a recipient, newest first. */
    private List<Sent> thread(Map<String, List<Sent>> threads, String recipient, int limit) {
        List<Sent> out = new ArrayList<>();
        synchronized (sent) {
            List<Sent> all = threads.getOrDefault(recipient, List.of());
            for (int i = all.size() - 1; i >= 0 && out.size() < limit; i--) {
                out.add(all.get(i));
            }
        }
        return out;
    }

    private static String text(Sent s) {
        Matcher t = TEXT.matcher(s.body());
        return t.find() ? t.group(1) : "";
    }

    private static Map<String, String> query(HttpExchange x) {
        Map<String, String> q = new HashMap<>();
        String raw = x.getRequestURI().getRawQuery();
        for (String kv : raw == null ? new String[0] : raw.split("&")) {
            String[] p = kv.split("=", 2);
            q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "");
        }
        return q;
    }

    /** GET /{page-id}/conversations?platform=messenger&user_id=PSID&fields=messages.limit(n){id,message,created_time,from}. */
    private void messengerConversations(HttpExchange x, String page) throws IOException {
        lookups.incrementAndGet();
        Map<String, String> q = query(x);
        if (!q.containsKey("access_token") || !WebhookStorm.PAGE_ID.equals(page)) {
            respond(x, 400, "{\"error\":{\"message\":\"(#100) Unsupported get request\",\"type\":\"GraphMethodException\",\"code\":100}}");
            return;
        }
        String user = q.getOrDefault("user_id", "");
        Matcher lm = LIMIT.matcher(q.getOrDefault("fields", ""));
        List<Sent> messages = thread(messengerThreads, user, lm.find() ? Integer.parseInt(lm.group(1)) : 25);
        if (messages.isEmpty()) {
            respond(x, 200, "{\"data\":[]}");
            return;
        }
        StringBuilder b = new StringBuilder("{\"data\":[{\"messages\":{\"data\":[");
        for (int i = 0; i < messages.size(); i++) {
            Sent s = messages.get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(s.id()).append("\",\"message\":\"").append(text(s))
                    .append("\",\"created_time\":\"").append(GRAPH_TIME.format(Instant.ofEpochMilli(s.atMillis())))
                    .append("\",\"from\":{\"name\":\"Xã Bão\",\"id\":\"").append(WebhookStorm.PAGE_ID).append("\"}}");
        }
        b.append("]},\"id\":\"t_").append(user).append("\"}]}");
        respond(x, 200, b.toString());
    }

    /** GET /v2.0/oa/conversation?data={"user_id":"…","offset":0,"count":10}. */
    private void zaloConversation(HttpExchange x) throws IOException {
        lookups.incrementAndGet();
        String data = query(x).getOrDefault("data", "");
        Matcher u = RECIPIENT.matcher(data);
        Matcher c = COUNT.matcher(data);
        String user = u.find() ? u.group(1) : "";
        List<Sent> messages = thread(zaloThreads, user, Math.min(10, c.find() ? Integer.parseInt(c.group(1)) : 5));
        StringBuilder b = new StringBuilder("{\"data\":[");
        for (int i = 0; i < messages.size(); i++) {
            Sent s = messages.get(i);
            b.append(i == 0 ? "" : ",").append("{\"src\":0,\"time\":").append(s.atMillis()).append(",\"from_id\":\"")
                    .append(WebhookStorm.OA_ID).append("\",\"to_id\":\"").append(s.recipient()).append("\",\"message_id\":\"")
                    .append(s.id()).append("\",\"type\":\"text\",\"message\":\"").append(text(s)).append("\"}");
        }
        b.append("],\"error\":0,\"message\":\"Success\"}");
        respond(x, 200, b.toString());
    }

    private void graph(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (x.getRequestMethod().equals("GET")) {
            String[] path = x.getRequestURI().getPath().split("/");   // "", "graph", page, "conversations"
            if (path.length == 4 && path[3].equals("conversations")) {
                messengerConversations(x, path[2]);
            } else {   // profile look-up
                respond(x, 200, "{\"first_name\":\"An\",\"last_name\":\"Nguyễn\"}");
            }
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        if (query == null || !query.contains("access_token=")) {
            respond(x, 400, "{\"error\":{\"message\":\"no token\",\"code\":190}}");
            return;
        }
        Sent s = record("messenger", body, "m_" + ids.incrementAndGet());
        respond(x, 200, "{\"recipient_id\":\"" + s.recipient() + "\",\"message_id\":\"" + s.id() + "\"}");
    }

    private void zalo(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String token = x.getRequestHeaders().getFirst("access_token");
        if (token == null || token.isBlank()) {
            respond(x, 200, "{\"error\":-216,\"message\":\"Access token is invalid\"}");
            return;
        }
        if (x.getRequestMethod().equals("GET")) {
            if (x.getRequestURI().getPath().endsWith("/v2.0/oa/conversation")) {
                zaloConversation(x);
            } else {   // profile look-up
                respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"display_name\":\"Trần Thị Bình\"}}");
            }
            return;
        }
        Sent s = record("zalo", body, "z_" + ids.incrementAndGet());
        respond(x, 200, "{\"data\":{\"message_id\":\"" + s.id() + "\",\"user_id\":\"" + s.recipient()
                + "\"},\"error\":0,\"message\":\"Success\"}");
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
