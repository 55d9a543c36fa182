package vn.friendlygov.support;

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
 * every message it accepts, with the id it answered and the time, and shows them back through the
 * conversation look-ups (Messenger's Page Conversations API, Zalo's /v2.0/oa/conversation) as sent
 * by the page or OA it stands for.
 */
public final class FakePlatforms implements AutoCloseable {
    /** {@code text} is the message text as it appeared in the request, still JSON-escaped. */
    public record Sent(String channel, String recipient, String body, String id, String from, String text, long atMillis) {
    }

    private record Canned(int status, String body, long delayMs, String retryAfter) {
        Canned(int status, String body, long delayMs) {
            this(status, body, delayMs, null);
        }
    }

    private final HttpServer server;
    private final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Canned> messengerFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Canned> zaloFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Canned> messengerLookupFaults = new ConcurrentLinkedDeque<>();
    private final Deque<Canned> zaloLookupFaults = new ConcurrentLinkedDeque<>();
    private final AtomicLong lookups = new AtomicLong();
    private final List<String> articles = Collections.synchronizedList(new ArrayList<>());
    private final List<String> broadcasts = Collections.synchronizedList(new ArrayList<>());
    private final java.util.Set<String> verifying = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Deque<Canned> broadcastFaults = new ConcurrentLinkedDeque<>();
    private volatile String pageId = SignedEvents.PAGE_ID;
    private volatile String oaId = SignedEvents.OA_ID;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refreshCalls = new AtomicLong();
    private volatile String zaloAccessToken = "zalo-access-1";
    private volatile String zaloRefreshToken = "zalo-refresh-1";
    private volatile boolean refreshBroken;
    private volatile long delayMs;

    /** For a test class's static field: the servers up, or an unchecked failure. */
    public static FakePlatforms start() {
        try {
            return new FakePlatforms();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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

    /** The page access token of the unit in {@link #vinhBaoProperties()}. */
    public static final String PAGE_TOKEN = "page-token-secret";

    /**
     * {@link #properties()} plus the unit "vinh-bao" on both platforms with the secrets
     * {@link SignedEvents} signs with, quick retries and a short client timeout: the set-up the
     * channel integration tests share.
     */
    public Map<String, String> vinhBaoProperties() {
        Map<String, String> p = properties();
        p.put("channels.messenger.app-secret", SignedEvents.APP_SECRET);
        p.put("channels.messenger.verify-token", SignedEvents.VERIFY_TOKEN);
        p.put("channels.zalo.app-id", SignedEvents.ZALO_APP_ID);
        p.put("channels.zalo.app-secret", "zalo-app-secret");
        p.put("channels.zalo.oa-secret-key", SignedEvents.ZALO_OA_SECRET);
        p.put("units.vinh-bao.name", "Xã Vĩnh Bảo");
        p.put("units.vinh-bao.messenger.page-id", SignedEvents.PAGE_ID);
        p.put("units.vinh-bao.messenger.page-access-token", PAGE_TOKEN);
        p.put("units.vinh-bao.zalo.oa-id", SignedEvents.OA_ID);
        p.put("units.vinh-bao.zalo.access-token", "zalo-access-1");
        p.put("units.vinh-bao.zalo.refresh-token", "zalo-refresh-1");
        p.put("outbox.dispatcher.base-backoff", "50ms");
        p.put("channels.http-timeout", "1s");
        return p;
    }

    /**
     * The unit's Zalo token pair may have been rotated by an earlier test class: the fake takes the
     * pair the database holds, and the refresh-failure flag is cleared.
     */
    public void followDatabaseTokens(Db db) {
        String access = db.one("SELECT access_token FROM channel_token t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'vinh-bao'");
        String refresh = db.one("SELECT refresh_token FROM channel_token t JOIN unit u ON u.id = t.unit_id WHERE u.code = 'vinh-bao'");
        db.update("UPDATE channel_token SET refresh_failed = FALSE, failure_reason = NULL");
        setZaloTokens(access, refresh);
    }

    public List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** Zalo Article creations (POST /v2.0/article/create bodies). */
    public List<String> articles() {
        synchronized (articles) {
            return List.copyOf(articles);
        }
    }

    /** Zalo broadcasts to followers (POST /v2.0/oa/message bodies). */
    public List<String> broadcasts() {
        synchronized (broadcasts) {
            return List.copyOf(broadcasts);
        }
    }

    /** The next broadcast call answers this instead of broadcasting. */
    public void failBroadcastNext(int status, String body) {
        broadcastFaults.add(new Canned(status, body, 0));
    }

    public List<Sent> sentTo(String recipient) {
        return sent().stream().filter(s -> s.recipient().equals(recipient)).toList();
    }

    public void clear() {
        sent.clear();
        messengerFaults.clear();
        zaloFaults.clear();
        messengerLookupFaults.clear();
        zaloLookupFaults.clear();
        articles.clear();
        broadcasts.clear();
        broadcastFaults.clear();
        delayMs = 0;
        refreshBroken = false;
    }

    /** The next Messenger send calls answer with this status and body, in order. */
    public void failMessengerNext(int status, String body) {
        messengerFaults.add(new Canned(status, body, 0));
    }

    /** The next Messenger send fails with this status and a Retry-After header. */
    public void failMessengerNext(int status, String body, String retryAfter) {
        messengerFaults.add(new Canned(status, body, 0, retryAfter));
    }

    /** The next Zalo send answers only after this long (longer than the client's timeout: a timeout). */
    public void stallZaloNext(long ms) {
        zaloFaults.add(new Canned(-1, null, ms));
    }

    /** The next Zalo send is accepted (recorded, as Zalo would) but answered only after this long: a timeout. */
    public void acceptThenStallZaloNext(long ms) {
        zaloFaults.add(new Canned(-2, null, ms));
    }

    public void failZaloNext(int status, String body) {
        zaloFaults.add(new Canned(status, body, 0));
    }

    /** The next conversation look-ups on Messenger answer with this status and body, in order. */
    public void failMessengerLookupNext(int status, String body) {
        messengerLookupFaults.add(new Canned(status, body, 0));
    }

    /** The next conversation look-ups on Zalo answer with this status and body, in order. */
    public void failZaloLookupNext(int status, String body) {
        zaloLookupFaults.add(new Canned(status, body, 0));
    }

    /** Makes what was accepted for this recipient look that much older (as if sent earlier). */
    public void age(String recipient, java.time.Duration by) {
        synchronized (sent) {
            sent.replaceAll(s -> s.recipient().equals(recipient)
                    ? new Sent(s.channel(), s.recipient(), s.body(), s.id(), s.from(), s.text(), s.atMillis() - by.toMillis()) : s);
        }
    }

    /** Conversation look-ups answered (faults included) on both platforms. */
    public long lookups() {
        return lookups.get();
    }

    /** The page whose token the service uses (the sender of what Messenger accepts). */
    public void setPageId(String pageId) {
        this.pageId = pageId;
    }

    /** The OA whose token the service uses (the sender of what Zalo accepts). */
    public void setOaId(String oaId) {
        this.oaId = oaId;
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
    /** The message text as sent (JSON-escaped): both platforms' send bodies have one "text" member. */
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LIMIT = Pattern.compile("limit\\((\\d+)\\)");
    private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
    private static final Pattern OFFSET = Pattern.compile("\"offset\"\\s*:\\s*(\\d+)");
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private Sent accept(String channel, String body, String idPrefix, String from) {
        Matcher m = RECIPIENT.matcher(body);
        String recipient = m.find() ? m.group(1) : "?";
        Matcher t = TEXT.matcher(body);
        Sent s = new Sent(channel, recipient, body, idPrefix + ids.incrementAndGet(), from, t.find() ? t.group(1) : "",
                System.currentTimeMillis());
        sent.add(s);
        return s;
    }

    /** What this fake accepted for a recipient on a channel, newest first. */
    private List<Sent> thread(String channel, String recipient) {
        List<Sent> out = new ArrayList<>(sent().stream().filter(s -> s.channel().equals(channel) && s.recipient().equals(recipient)).toList());
        Collections.reverse(out);
        return out;
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
        Canned fault = messengerLookupFaults.poll();
        if (fault != null) {
            respond(x, fault.status(), fault.body());
            return;
        }
        Map<String, String> q = query(x);
        if (!pageId.equals(page)) {   // a token of one page cannot read another's inbox
            respond(x, 400, "{\"error\":{\"message\":\"(#100) Unsupported get request\",\"type\":\"GraphMethodException\",\"code\":100}}");
            return;
        }
        String user = q.getOrDefault("user_id", "");
        Matcher lm = LIMIT.matcher(q.getOrDefault("fields", ""));
        int limit = lm.find() ? Integer.parseInt(lm.group(1)) : 25;
        List<Sent> messages = thread("messenger", user).stream().limit(limit).toList();
        if (messages.isEmpty()) {
            respond(x, 200, "{\"data\":[]}");
            return;
        }
        StringBuilder b = new StringBuilder("{\"data\":[{\"messages\":{\"data\":[");
        for (int i = 0; i < messages.size(); i++) {
            Sent s = messages.get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(s.id()).append("\",\"message\":\"").append(s.text())
                    .append("\",\"created_time\":\"").append(GRAPH_TIME.format(Instant.ofEpochMilli(s.atMillis())))
                    .append("\",\"from\":{\"name\":\"Xã\",\"id\":\"").append(s.from()).append("\"}}");
        }
        b.append("]},\"id\":\"t_").append(user).append("\"}]}");
        respond(x, 200, b.toString());
    }

    /** GET /v2.0/oa/conversation?data={"user_id":"…","offset":0,"count":10} (token already checked). */
    private void zaloConversation(HttpExchange x) throws IOException {
        lookups.incrementAndGet();
        Canned fault = zaloLookupFaults.poll();
        if (fault != null) {
            respond(x, fault.status(), fault.body());
            return;
        }
        String data = query(x).getOrDefault("data", "");
        Matcher u = RECIPIENT.matcher(data);
        Matcher c = COUNT.matcher(data);
        Matcher o = OFFSET.matcher(data);
        String user = u.find() ? u.group(1) : "";
        int count = Math.min(10, c.find() ? Integer.parseInt(c.group(1)) : 5);
        int offset = o.find() ? Integer.parseInt(o.group(1)) : 0;
        StringBuilder b = new StringBuilder("{\"data\":[");
        List<Sent> messages = thread("zalo", user).stream().skip(offset).limit(count).toList();
        for (int i = 0; i < messages.size(); i++) {
            Sent s = messages.get(i);
            b.append(i == 0 ? "" : ",").append("{\"src\":0,\"time\":").append(s.atMillis())
                    .append(",\"sent_time\":\"").append(Instant.ofEpochMilli(s.atMillis())).append("\",\"from_id\":\"").append(s.from())
                    .append("\",\"from_display_name\":\"Xã\",\"to_id\":\"").append(s.recipient())
                    .append("\",\"message_id\":\"").append(s.id()).append("\",\"type\":\"text\",\"message\":\"").append(s.text()).append("\"}");
        }
        b.append("],\"error\":0,\"message\":\"Success\"}");
        respond(x, 200, b.toString());
    }

    private void graph(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        pause(delayMs);
        if (x.getRequestMethod().equals("GET")) {
            String[] path = x.getRequestURI().getPath().split("/");   // "", "graph", page, "conversations"
            if (path.length == 4 && path[3].equals("conversations")) {
                messengerConversations(x, path[2]);
            } else {
                respond(x, 200, "{\"first_name\":\"An\",\"last_name\":\"Nguyễn\"}");
            }
            return;
        }
        Canned fault = messengerFaults.poll();
        if (fault != null) {
            pause(fault.delayMs());
            if (fault.retryAfter() != null) {
                x.getResponseHeaders().set("Retry-After", fault.retryAfter());
            }
            respond(x, fault.status(), fault.body());
            return;
        }
        String query = x.getRequestURI().getRawQuery();
        if (query == null || !query.contains("access_token=")) {
            respond(x, 400, "{\"error\":{\"message\":\"no token\",\"code\":190}}");
            return;
        }
        Sent s = accept("messenger", body, "m_", pageId);
        respond(x, 200, "{\"recipient_id\":\"" + s.recipient() + "\",\"message_id\":\"" + s.id() + "\"}");
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
            if (x.getRequestURI().getPath().endsWith("/v2.0/oa/conversation")) {
                zaloConversation(x);
            } else {
                respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"display_name\":\"Trần Thị Bình\"}}");
            }
            return;
        }
        String path = x.getRequestURI().getPath();
        if (path.endsWith("/v2.0/article/create")) {
            articles.add(body);
            respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"token\":\"art-token-" + ids.incrementAndGet() + "\"}}");
            return;
        }
        if (path.endsWith("/v2.0/article/verify")) {
            // Asynchronous creation: the first check of a token finds it still processing.
            String articleToken = body.replaceAll(".*\"token\":\"([^\"]+)\".*", "$1");
            boolean ready = !verifying.add(articleToken);
            respond(x, 200, ready ? "{\"error\":0,\"message\":\"Success\",\"data\":{\"id\":\"article-" + articleToken + "\"}}"
                    : "{\"error\":0,\"message\":\"Success\",\"data\":{}}");
            return;
        }
        if (path.endsWith("/v2.0/oa/message")) {
            Canned broadcastFault = broadcastFaults.poll();
            if (broadcastFault != null) {
                respond(x, broadcastFault.status(), broadcastFault.body());
                return;
            }
            broadcasts.add(body);
            respond(x, 200, "{\"error\":0,\"message\":\"Success\",\"data\":{\"message_id\":\"bc-" + ids.incrementAndGet() + "\"}}");
            return;
        }
        Canned fault = zaloFaults.poll();
        if (fault != null) {
            if (fault.status() == -2) {
                accept("zalo", body, "z_", oaId);
            }
            pause(fault.delayMs());
            if (fault.status() < 0) {
                x.close();   // stalled: the caller has given up by now
                return;
            }
            respond(x, fault.status(), fault.body());
            return;
        }
        Sent s = accept("zalo", body, "z_", oaId);
        respond(x, 200, "{\"data\":{\"message_id\":\"" + s.id() + "\",\"user_id\":\"" + s.recipient()
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
