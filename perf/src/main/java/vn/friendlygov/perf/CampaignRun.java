package vn.friendlygov.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A greeting campaign to many followers, with crashes (perf/campaign.sh runs it; see perf/README.md).
 *
 * <p>Starts the fake Graph/Zalo servers ({@link StormFakePlatforms}) and the service itself (the jar,
 * as child processes, so it can kill them with SIGKILL and read their CPU time), then:
 * <ol>
 *   <li>followers: Zalo follow webhooks and Messenger first messages, one new resident each, with
 *       the send limits lifted; waits until each has had the bot's welcome or answer;</li>
 *   <li>two instances with the configured rate limits on one database; accounts made by the API
 *       (an author and a leader, first passwords changed), campaign 1 created, submitted and
 *       approved by the API: the rate at the fakes per channel over a window;</li>
 *   <li>kill -9 of both, restart with the limits lifted: messages/s and the services' CPU; kill -9 of
 *       one of them half-way and restart; until DONE;</li>
 *   <li>one instance, limits lifted, campaign 2: messages/s and CPU; kill -9 half-way, restart;
 *       until DONE;</li>
 * </ol>
 * each campaign counted at the fakes: every follower exactly once. Throughout, residents' questions
 * (a new resident every 250 ms, Messenger and Zalo in turn) and the time to their answer at the fakes.
 * Exit status 0 when both campaigns reached every follower exactly once.
 */
public final class CampaignRun {
    private static final String UNIT = "storm";
    private static final String ADMIN_PASSWORD = System.getenv().getOrDefault("BOT_ADMIN_PASSWORD", "perf-admin-password");
    private static final String PASSWORD = "Chien-dich-2027!";

    private int followers = 100_000;
    private double messengerShare = 0.2;
    private int port = 8091;
    private int secondPort = 8093;
    private int fakePort = 8092;
    private int senders = 32;
    private int rateWindowSeconds = 40;
    private Path jar;
    private Path out = Path.of("perf/target");
    private List<String> javaOpts = List.of("-Xms256m", "-Xmx1g");
    private List<String> commonProps = List.of();
    private List<String> liftedProps = List.of();
    private Duration phaseTimeout = Duration.ofMinutes(20);
    private String db = "friendlygov_perf";

    private StormFakePlatforms fakes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<String> zaloFollowers = new ArrayList<>();
    private final List<String> messengerFollowers = new ArrayList<>();
    private final Map<String, Service> services = new HashMap<>();

    private static final long READY = 1;
    private static final long GONE = 2;
    /** Per port, {nanoTime, READY or GONE}: which questions met a crash or a cold instance. */
    private final Map<Integer, List<long[]>> lifecycle = new java.util.concurrent.ConcurrentHashMap<>();

    private List<long[]> events(int port) {
        return lifecycle.computeIfAbsent(port, k -> new java.util.concurrent.CopyOnWriteArrayList<>());
    }

    /** A running instance of the service. */
    private final class Service {
        final String name;
        final int port;
        final boolean lifted;
        Process process;

        Service(String name, int port, boolean lifted) {
            this.name = name;
            this.port = port;
            this.lifted = lifted;
        }

        void start() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(javaOpts);
            cmd.add("-Dmicronaut.server.host=127.0.0.1");
            cmd.addAll(commonProps);
            if (lifted) {
                cmd.addAll(liftedProps);
            }
            cmd.add("-jar");
            cmd.add(jar.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put("BOT_PORT", String.valueOf(port));
            Path logFile = out.resolve("campaign-service-" + name + ".log");
            pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            long t0 = System.nanoTime();
            process = pb.start();
            waitReady();
            events(port).add(new long[]{System.nanoTime(), READY});
            log("instance " + name + " (pid " + process.pid() + ", port " + port + (lifted ? ", limits lifted" : ", configured limits")
                    + ") ready after " + ms(System.nanoTime() - t0) + " ms");
        }

        void waitReady() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(6);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("instance " + name + " exited during start-up: see its log");
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("instance " + name + " not ready within 6 minutes");
        }

        void kill9() throws InterruptedException {
            log("kill -9 instance " + name + " (pid " + process.pid() + ")");
            events(port).add(new long[]{System.nanoTime(), GONE});
            process.destroyForcibly();   // SIGKILL on Linux
            process.waitFor();
        }

        void stop() throws InterruptedException {
            events(port).add(new long[]{System.nanoTime(), GONE});
            process.destroy();   // SIGTERM: the service records what it sent before it goes
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        }

        /** User + system CPU time of the process so far, in ms (Linux /proc; clock ticks of 10 ms). */
        long cpuMillis() {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        CampaignRun run = new CampaignRun();
        run.parse(args);
        boolean ok;
        try {
            ok = run.run();
        } finally {
            run.shutdown();
        }
        System.exit(ok ? 0 : 1);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--followers" -> followers = Integer.parseInt(v);
                case "--messenger-share" -> messengerShare = Double.parseDouble(v);
                case "--port" -> port = Integer.parseInt(v);
                case "--second-port" -> secondPort = Integer.parseInt(v);
                case "--fake-port" -> fakePort = Integer.parseInt(v);
                case "--senders" -> senders = Integer.parseInt(v);
                case "--rate-window" -> rateWindowSeconds = Integer.parseInt(v);
                case "--jar" -> jar = Path.of(v);
                case "--out" -> out = Path.of(v);
                case "--java-opts" -> javaOpts = split(v);
                case "--props-file" -> commonProps = lines(v);
                case "--lifted-props-file" -> liftedProps = lines(v);
                case "--phase-timeout" -> phaseTimeout = Duration.ofSeconds(Long.parseLong(v));
                case "--db" -> db = v;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (jar == null) {
            throw new IllegalArgumentException("--jar is required");
        }
    }

    /** One command-line argument a line (values may hold spaces). */
    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<String> split(String v) {
        return v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
    }

    private boolean run() throws Exception {
        System.setProperty("http.maxConnections", String.valueOf(Math.max(64, senders * 2)));
        Files.createDirectories(out);
        fakes = new StormFakePlatforms(fakePort);

        // 1. Followers, through the webhooks, with the limits lifted.
        Service a = new Service("a", port, true);
        services.put("a", a);
        a.start();
        createFollowers(a);
        a.stop();

        // 2. Two instances, the configured limits: the rate held across both.
        a = new Service("a", port, false);
        Service b = new Service("b", secondPort, false);
        services.put("a", a);
        services.put("b", b);
        a.start();
        b.start();
        accounts(a);
        Prober prober = new Prober(a, b);
        prober.phase("configured limits, two instances");
        prober.start();
        int before1 = fakes.sentCount();
        long c1 = campaign(a, "tet-duong-lich", "Chúc mừng năm mới 2027", Map.of("year", "2027"));
        measureConfiguredRate(before1);

        // 3. kill -9 both; both again with the limits lifted; kill -9 one half-way.
        a.kill9();
        b.kill9();
        madeDueNow(c1);
        a = new Service("a", port, true);
        b = new Service("b", secondPort, true);
        services.put("a", a);
        services.put("b", b);
        a.start();
        b.start();
        prober.use(a, b);
        prober.phase("limits lifted, two instances");
        Service bb = b;
        boolean ok1 = finish(c1, before1, List.of(a, b), "campaign 1, two instances, limits lifted", () -> {
            try {
                bb.kill9();
                bb.start();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });

        // 4. One instance, limits lifted, campaign 2; kill -9 half-way.
        b.stop();
        prober.use(a, a);
        prober.phase("limits lifted, one instance");
        int before2 = fakes.sentCount();
        long c2 = campaign(a, "quoc-khanh", "Chúc mừng Quốc khánh 2/9", Map.of());
        Service aa = a;
        boolean ok2 = finish(c2, before2, List.of(a), "campaign 2, one instance, limits lifted", () -> {
            try {
                aa.kill9();
                aa.start();
            } catch (InterruptedException | IOException e) {
                throw new IllegalStateException(e);
            }
        });
        prober.stop();
        prober.report();
        log("conversation look-ups for sends in doubt answered by the fakes: " + fakes.lookups());
        return ok1 && ok2;
    }

    private void shutdown() {
        for (Service s : services.values()) {
            if (s.process != null && s.process.isAlive()) {
                try {
                    s.stop();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (fakes != null) {
            fakes.close();
        }
    }

    // --- 1. followers ---------------------------------------------------------------------------

    private void createFollowers(Service s) throws InterruptedException {
        // Messenger residents spread through the plan (every n-th), the others follow the OA on Zalo.
        int stride = messengerShare <= 0 ? Integer.MAX_VALUE : (int) Math.round(1 / messengerShare);
        List<String[]> plan = new ArrayList<>(followers);   // {channel, user}
        for (int i = 0; i < followers; i++) {
            String channel = i % stride == 0 ? "messenger" : "zalo";
            String user = (channel.equals("messenger") ? "8" : "7") + String.format("%09d", i);
            (channel.equals("messenger") ? messengerFollowers : zaloFollowers).add(user);
            plan.add(new String[]{channel, user});
        }
        log("creating " + zaloFollowers.size() + " Zalo followers (follow webhooks) and " + messengerFollowers.size()
                + " Messenger residents (a first message) from " + senders + " connections");
        long t0 = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        for (int t = 0; t < senders; t++) {
            pool.execute(() -> {
                for (int i; (i = next.getAndIncrement()) < plan.size(); ) {
                    String[] p = plan.get(i);
                    while (true) {
                        try {
                            long ts = System.currentTimeMillis();
                            int status = p[0].equals("messenger")
                                    ? postWebhook(s.port, true, WebhookStorm.messengerText(p[1], "m_f_" + p[1], ts, "xin chào"), ts)
                                    : postWebhook(s.port, false, zaloFollow(p[1], ts), ts);
                            if (status == 200) {
                                break;
                            }
                        } catch (IOException e) {
                            // retried below
                        }
                        failures.incrementAndGet();
                        sleep(500);
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long sent = System.nanoTime() - t0;
        log(String.format("%d webhooks acknowledged in %.1f s (%.0f/s), %d retried", plan.size(), sent / 1e9,
                plan.size() / (sent / 1e9), failures.get()));
        await("every follower welcomed or answered", phaseTimeout, () -> fakes.sentCount() >= plan.size());
        log(String.format("every follower had the bot's first message %.1f s after the first webhook", (System.nanoTime() - t0) / 1e9));
    }

    private static String zaloFollow(String user, long ts) {
        return "{\"oa_id\":\"" + WebhookStorm.OA_ID + "\",\"follower\":{\"id\":\"" + user + "\"},\"user_id_by_app\":\"9" + user
                + "\",\"event_name\":\"follow\",\"source\":\"oa_profile\",\"app_id\":\"" + WebhookStorm.ZALO_APP_ID
                + "\",\"timestamp\":\"" + ts + "\"}";
    }

    private static int postWebhook(int port, boolean messenger, String body, long ts) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + (messenger ? "/webhooks/messenger" : "/webhooks/zalo"))
                .toURL().openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty(messenger ? "X-Hub-Signature-256" : "X-ZEvent-Signature",
                messenger ? WebhookStorm.messengerSignature(body) : WebhookStorm.zaloSignature(body, ts));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(bytes.length);
        try (OutputStream o = c.getOutputStream()) {
            o.write(bytes);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        return status;
    }

    // --- 2. accounts and campaigns through the API ----------------------------------------------

    private void accounts(Service s) throws Exception {
        for (String[] o : List.of(new String[]{"storm.vanhoa", "Lê Thị Hoa", "Công chức Văn hóa – Xã hội", "OFFICIAL"},
                new String[]{"storm.chutich", "Nguyễn Văn An", "Chủ tịch UBND", "LEADER"})) {
            String temporary = "Tam-thoi-2026!";
            api(s, "POST", "/api/v1/officials", "admin", ADMIN_PASSWORD, "{\"username\":\"" + o[0] + "\",\"fullName\":\"" + o[1]
                    + "\",\"title\":\"" + o[2] + "\",\"unit\":\"" + UNIT + "\",\"role\":\"" + o[3] + "\",\"fields\":[],\"onDuty\":false,"
                    + "\"password\":\"" + temporary + "\"}", 201);
            api(s, "POST", "/api/v1/me/password", o[0], temporary, "{\"current\":\"" + temporary + "\",\"new\":\"" + PASSWORD + "\"}", -1);
        }
    }

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z_]+)\"");

    private long campaign(Service s, String template, String title, Map<String, String> variables) throws Exception {
        StringBuilder vars = new StringBuilder("{");
        variables.forEach((k, v) -> vars.append(vars.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
        vars.append('}');
        String at = OffsetDateTime.now(ZoneOffset.ofHours(7)).plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).toString();
        String created = api(s, "POST", "/api/v1/campaigns", "storm.vanhoa", PASSWORD, "{\"unit\":\"" + UNIT + "\",\"template\":\""
                + template + "\",\"title\":\"" + title + "\",\"channels\":[\"zalo\",\"messenger\"],\"scheduledAt\":\"" + at
                + "\",\"variables\":" + vars + "}", 201);
        Matcher m = ID.matcher(created);
        if (!m.find()) {
            throw new IllegalStateException("no campaign id in " + created);
        }
        long id = Long.parseLong(m.group(1));
        api(s, "POST", "/api/v1/campaigns/" + id + "/submit", "storm.vanhoa", PASSWORD, "{}", 200);
        api(s, "POST", "/api/v1/campaigns/" + id + "/approve", "storm.chutich", PASSWORD, "{}", 200);
        log("campaign " + id + " (" + template + ") approved by the API, scheduled at " + at);
        return id;
    }

    private String campaignStatus(Service s, long id) {
        try {
            Matcher m = STATUS.matcher(api(s, "GET", "/api/v1/campaigns/" + id, "storm.chutich", PASSWORD, null, 200));
            return m.find() ? m.group(1) : "?";
        } catch (Exception e) {
            return "unreachable";
        }
    }

    private String api(Service s, String method, String path, String user, String password, String body, int expected) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json");
        r = body == null ? r.GET() : r.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        if (expected > 0 && resp.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " → " + resp.statusCode() + " " + resp.body());
        }
        return resp.body();
    }

    // --- rates, throughput, exactly once ---------------------------------------------------------

    /**
     * The campaign's messages at the fakes per channel over the window (after a 10 s ramp): the mean
     * rate, and the most in any sliding second (Messenger's cap is 300/s per page) and in any sliding
     * 60 s (Zalo's is 4,000 a minute per app), from the times the fakes received them.
     */
    private void measureConfiguredRate(int before) throws InterruptedException {
        sleep(10_000);
        int from = fakes.sentCount();
        long t0 = System.nanoTime();
        sleep(rateWindowSeconds * 1000L);
        double secs = (System.nanoTime() - t0) / 1e9;
        List<Long> messenger = new ArrayList<>();
        List<Long> zalo = new ArrayList<>();
        for (StormFakePlatforms.Sent s : fakes.sent().subList(from, fakes.sentCount())) {
            if (isFollower(s.recipient())) {
                (s.channel().equals("messenger") ? messenger : zalo).add(s.atNanos());
            }
        }
        log(String.format("configured limits, two instances, %d s window: Messenger %.1f/s (most in a sliding second %d), "
                        + "Zalo %.1f/s (most in a sliding second %d, in a sliding 60 s %s)", rateWindowSeconds, messenger.size() / secs,
                most(messenger, 1), zalo.size() / secs, most(zalo, 1),
                rateWindowSeconds >= 60 ? String.valueOf(most(zalo, 60)) : "— (window under 60 s)"));
    }

    /** The most of these instants in any sliding window of {@code seconds}. */
    private static int most(List<Long> nanos, int seconds) {
        List<Long> at = new ArrayList<>(nanos);
        Collections.sort(at);
        int most = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (at.get(i) - at.get(j) >= seconds * 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    /**
     * The harness, not the service: under the configured limits the instances gave each waiting row
     * its slot at the platform's rate (80,000 Zalo rows at 53/s: slots 25 minutes ahead), so the run
     * with the limits lifted would only wait them out. Both instances are dead here; making the
     * campaign's waiting rows due now measures what the service can send.
     */
    private void madeDueNow(long campaign) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mysql", "-h", "127.0.0.1", "-u", "root", db, "-N", "-e",
                "UPDATE outbox SET next_attempt_at = UTC_TIMESTAMP(3) WHERE campaign_id = " + campaign
                        + " AND status = 'PENDING'; SELECT ROW_COUNT()").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("mysql: " + out);
        }
        log("the campaign's " + out + " waiting rows made due now (the harness), for the run with the limits lifted");
    }

    private boolean isFollower(String recipient) {
        return recipient.startsWith("7") || recipient.startsWith("8");
    }

    /**
     * Runs the campaign to its end on these instances: messages/s at the fakes and the instances'
     * CPU while it sends, {@code crash} half-way through the followers still waiting; then counts exactly once.
     */
    private boolean finish(long id, int before, List<Service> on, String label, Runnable crash) throws InterruptedException {
        int expected = zaloFollowers.size() + messengerFollowers.size();
        long t0 = System.nanoTime();
        int start = fakes.sentCount();
        long cpu0 = on.stream().mapToLong(Service::cpuMillis).sum();
        boolean crashed = false;
        long deadline = System.nanoTime() + phaseTimeout.toNanos();
        long sendEnd = t0;
        int lastCount = start;
        double throughput = 0;
        long cpuUsed = 0;
        while (System.nanoTime() < deadline) {
            sleep(500);
            int now = fakes.sentCount();
            if (now != lastCount) {
                sendEnd = System.nanoTime();
                lastCount = now;
            }
            // Half-way through what was left when the limits were lifted.
            if (!crashed && now - start >= (expected - (start - before)) / 2) {
                double secs = (System.nanoTime() - t0) / 1e9;
                throughput = (now - start) / secs;
                cpuUsed = on.stream().mapToLong(Service::cpuMillis).sum() - cpu0;
                log(String.format("%s: %d messages in %.1f s before the crash: %.0f messages/s; service CPU %.1f s (%.0f %% of one core, "
                                + "%.2f ms a message)", label, now - start, secs, throughput, cpuUsed / 1000.0, cpuUsed / 10.0 / secs,
                        (double) cpuUsed / Math.max(1, now - start)));
                crash.run();
                crashed = true;
            }
            if (crashed && "DONE".equals(campaignStatus(on.get(0), id))) {
                break;
            }
        }
        log(label + ": campaign " + campaignStatus(on.get(0), id) + " " + String.format("%.1f s", (System.nanoTime() - t0) / 1e9)
                + " after the limits were lifted; last message at the fakes after " + String.format("%.1f s", (sendEnd - t0) / 1e9));
        return count(before, label);
    }

    /** Every follower's campaign messages since {@code before} at the fakes: exactly one each. */
    private boolean count(int before, String label) {
        List<StormFakePlatforms.Sent> sent = fakes.sent();
        Map<String, Integer> perRecipient = new HashMap<>();
        String sample = null;
        for (StormFakePlatforms.Sent s : sent.subList(before, sent.size())) {
            if (isFollower(s.recipient())) {
                perRecipient.merge(s.channel() + "/" + s.recipient(), 1, Integer::sum);
                sample = sample == null ? s.body() : sample;
            }
        }
        int once = 0;
        int more = 0;
        int missing = 0;
        for (String z : zaloFollowers) {
            int n = perRecipient.getOrDefault("zalo/" + z, 0);
            once += n == 1 ? 1 : 0;
            more += n > 1 ? 1 : 0;
            missing += n == 0 ? 1 : 0;
        }
        for (String m : messengerFollowers) {
            int n = perRecipient.getOrDefault("messenger/" + m, 0);
            once += n == 1 ? 1 : 0;
            more += n > 1 ? 1 : 0;
            missing += n == 0 ? 1 : 0;
        }
        log(String.format("%s: exactly once %d, more than once %d, missing %d of %d followers", label, once, more, missing,
                zaloFollowers.size() + messengerFollowers.size()));
        if (sample != null) {
            log("a message as the fake received it: " + (sample.length() > 300 ? sample.substring(0, 300) + "…" : sample));
        }
        return more == 0 && missing == 0;
    }

    // --- residents' questions during the run -----------------------------------------------------

    /**
     * A new resident asks every 250 ms (Messenger and Zalo in turn); the time until the answer reaches
     * the fake, reported per phase and apart for questions that met a crash (their instance killed or
     * stopped before it answered: the other instance picks the stored event up after the inbox's
     * in-hand time) or a cold instance (sent while it was starting, or in its first {@link #COLD} after start).
     */
    private final class Prober {
        private static final long COLD = TimeUnit.SECONDS.toNanos(30);
        private volatile Service first;
        private volatile Service second;
        private volatile String phase = "";
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Object[]> asked = Collections.synchronizedList(new ArrayList<>());   // {channel, user, nanos, port, phase}
        private final AtomicInteger seq = new AtomicInteger();
        private Thread thread;

        Prober(Service first, Service second) {
            this.first = first;
            this.second = second;
        }

        void use(Service first, Service second) {
            this.first = first;
            this.second = second;
        }

        void phase(String phase) {
            this.phase = phase;
        }

        void start() {
            thread = new Thread(() -> {
                while (running.get()) {
                    int i = seq.getAndIncrement();
                    boolean messenger = i % 2 == 0;
                    String user = (messenger ? "5" : "6") + String.format("%09d", i);
                    String text = ResidentQuestions.ALL.get(i % ResidentQuestions.ALL.size());
                    Service to = i % 4 < 2 ? first : second;
                    long ts = System.currentTimeMillis();
                    long t = System.nanoTime();
                    try {
                        int status = postWebhook(to.port, messenger, messenger ? WebhookStorm.messengerText(user, "m_q_" + i, ts, text)
                                : WebhookStorm.zaloText(user, "z_q_" + i, ts, text), ts);
                        if (status == 200) {
                            asked.add(new Object[]{messenger ? "messenger" : "zalo", user, t, to.port, phase});
                        }
                    } catch (IOException e) {
                        // an instance down or not yet listening: that question is not counted
                    }
                    sleep(250);
                }
            }, "prober");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
            sleep(3000);
        }

        private String category(int port, long askedAt, long answeredAt) {
            long lastReady = Long.MIN_VALUE;
            long lastGone = Long.MIN_VALUE;
            for (long[] e : events(port)) {
                if (e[1] == GONE && e[0] >= askedAt && e[0] <= answeredAt) {
                    return "met a crash";
                }
                if (e[1] == READY && e[0] <= askedAt) {
                    lastReady = Math.max(lastReady, e[0]);
                }
                if (e[1] == GONE && e[0] <= askedAt) {
                    lastGone = Math.max(lastGone, e[0]);
                }
            }
            // Gone since it was last ready: an instance still starting took the webhook (its port opens before it is ready).
            return lastGone > lastReady || askedAt - lastReady < COLD ? "cold instance" : "steady";
        }

        void report() {
            Map<String, List<Long>> ms = new java.util.TreeMap<>();
            Map<String, Integer> unanswered = new java.util.TreeMap<>();
            List<Long> all = new ArrayList<>();
            for (Object[] q : asked) {
                List<StormFakePlatforms.Sent> replies = fakes.sentTo((String) q[0], (String) q[1]);
                long at = (Long) q[2];
                long answeredAt = replies.isEmpty() ? Long.MAX_VALUE : replies.get(0).atNanos();
                String key = q[4] + ", " + category((Integer) q[3], at, answeredAt);
                if (replies.isEmpty()) {
                    unanswered.merge(key, 1, Integer::sum);
                    ms.computeIfAbsent(key, k -> new ArrayList<>());
                } else {
                    long m = (answeredAt - at) / 1_000_000;
                    ms.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
                    all.add(m);
                }
            }
            log(line("residents' questions during the run", all, asked.size() - all.size()));
            ms.forEach((k, v) -> log(line("  " + k, v, unanswered.getOrDefault(k, 0))));
        }

        private String line(String label, List<Long> ms, int unanswered) {
            List<Long> sorted = new ArrayList<>(ms);
            Collections.sort(sorted);
            long within = sorted.stream().filter(x -> x <= 1000).count();
            int n = sorted.size() + unanswered;
            return String.format("%s: %d asked, answered p50 %d ms, p99 %d ms, max %d ms, %.1f %% within 1 s, %d unanswered",
                    label, n, pct(sorted, 0.5), pct(sorted, 0.99), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
                    n == 0 ? 0 : 100.0 * within / n, unanswered);
        }
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting: " + what);
            }
            Thread.sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void log(String message) {
        System.err.println("[campaign " + java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
    }
}
