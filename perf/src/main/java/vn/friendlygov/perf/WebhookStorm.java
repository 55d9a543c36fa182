package vn.friendlygov.perf;

import vn.friendlygov.channel.WebhookSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The webhook storm (perf/webhook-storm.sh starts and kills the service; this drives it).
 *
 * <p>Starts fake Graph/Zalo servers, waits for the service, then fires a fixed plan of webhook
 * requests from N concurrent senders: Messenger and Zalo alternately, one resident per valid event
 * (so a reply maps back to exactly one event), 5 % duplicates (an earlier valid request sent
 * again, byte for byte), 1 % forged signatures, 1 % malformed bodies (correctly signed, broken
 * JSON). When a share of the plan has been acknowledged it creates the kill file; the script then
 * kills the service with SIGKILL and restarts it. Requests that fail meanwhile (no connection,
 * 5xx) are retried after a pause, as the platforms do. Then it waits for the replies and prints
 * what the fakes received. Exit status 0 when every valid event was answered exactly once and no
 * forged or malformed one was answered.
 */
public final class WebhookStorm {
    static final String APP_SECRET = "storm-app-secret";
    static final String ZALO_APP_ID = "360846524940903967";
    static final String ZALO_OA_SECRET = "storm-oa-secret-key";
    static final String PAGE_ID = "1122334455";
    static final String OA_ID = "388613280878808645";

    enum Kind { VALID, DUPLICATE, FORGED, MALFORMED }

    /** One planned request. For a duplicate, {@code resident} is the original event's resident. */
    record Planned(int seq, Kind kind, String channel, String resident, int question, String body, String signature) {
    }

    /** A request waiting to be (re)sent, due at {@code dueNanos}; {@code failures} so far. */
    record Attempt(Planned planned, long dueNanos, int failures) implements Delayed {
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        public int compareTo(Delayed o) {
            return Long.compare(dueNanos, ((Attempt) o).dueNanos);
        }
    }

    // Options
    private int events = 10_000;
    private int senders = 16;
    private int servicePort = 8091;
    private int fakePort = 8092;
    private double killAt = 0.4;
    /** Planned events per second (each request due at its slot), or 0: as fast as the senders go. */
    private double rate = 0;
    /** Seconds of valid events sent before the plan (not counted), so the service's JIT is warm. */
    private int warmupSeconds = 0;
    private Path killFile;
    private long seed = 42;
    private Duration retryPause = Duration.ofMillis(500);
    private Duration sendTimeout = Duration.ofMinutes(5);
    private Duration drainTimeout = Duration.ofMinutes(3);
    private Duration quiet = Duration.ofSeconds(5);

    // Results
    private final Map<Integer, Long> statusCounts = new ConcurrentHashMap<>();
    private final AtomicLong connectionFailures = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> ackNanos = new ConcurrentLinkedQueue<>();
    /** When each acknowledgement came and how long it took: the latency over time, to tell a steady tail from a stall. */
    private final ConcurrentLinkedQueue<long[]> ackTimeline = new ConcurrentLinkedQueue<>();
    /** Resident of a valid event → when its first request left, and whether that first try was acknowledged. */
    private final Map<String, Long> firstSentAt = new ConcurrentHashMap<>();
    private final Set<String> retriedResidents = ConcurrentHashMap.newKeySet();
    private final AtomicInteger finished = new AtomicInteger();
    private final AtomicBoolean killRequested = new AtomicBoolean();
    private volatile long killRequestedAt;
    private volatile long lastAckAt;

    public static void main(String[] args) throws Exception {
        WebhookStorm storm = new WebhookStorm();
        storm.parse(args);
        System.exit(storm.run() ? 0 : 1);
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--events" -> events = Integer.parseInt(v);
                case "--senders" -> senders = Integer.parseInt(v);
                case "--service-port" -> servicePort = Integer.parseInt(v);
                case "--fake-port" -> fakePort = Integer.parseInt(v);
                case "--kill-at" -> killAt = Double.parseDouble(v);
                case "--rate" -> rate = Double.parseDouble(v);
                case "--warmup" -> warmupSeconds = Integer.parseInt(v);
                case "--kill-file" -> killFile = Path.of(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--drain-timeout" -> drainTimeout = Duration.ofSeconds(Long.parseLong(v));
                case "--send-timeout" -> sendTimeout = Duration.ofSeconds(Long.parseLong(v));
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + " (--events --senders --rate --warmup --service-port --fake-port --kill-at --kill-file --seed --drain-timeout --send-timeout)");
            }
        }
    }

    private URL messengerUrl;
    private URL zaloUrl;

    private boolean run() throws Exception {
        // One kept-alive connection per sender thread (the JDK keeps 5 per host by default).
        System.setProperty("http.maxConnections", String.valueOf(Math.max(64, senders * 2)));
        messengerUrl = URI.create("http://127.0.0.1:" + servicePort + "/webhooks/messenger").toURL();
        zaloUrl = URI.create("http://127.0.0.1:" + servicePort + "/webhooks/zalo").toURL();
        List<Planned> plan = plan();
        try (StormFakePlatforms fakes = new StormFakePlatforms(fakePort)) {
            log("Fake platforms on " + fakes.base() + "; waiting for the service on port " + servicePort);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            waitForService(http, Duration.ofMinutes(4));
            warmUp(http, fakes);

            log("Sending " + plan.size() + " requests with " + senders + " senders; kill file after "
                    + Math.round(killAt * 100) + " % acknowledged");
            long start = System.nanoTime();
            send(http, plan);
            long sendEnd = lastAckAt;
            log("All requests settled; waiting for the replies (at most " + drainTimeout.toSeconds() + " s)");
            waitForReplies(fakes, plan);
            // Warm-up residents start with "2"; they are not part of the plan.
            return report(plan, fakes.sent().stream().filter(x -> !x.recipient().startsWith("2")).toList(), start, sendEnd,
                    fakes.lookups());
        }
    }

    /**
     * Sends valid events from warm-up residents (ids starting with "2") as fast as acknowledged for
     * {@code warmupSeconds}, then waits until their replies stop arriving: the measured run then
     * meets a service whose code is compiled, as in production after its first minutes.
     */
    private static final int WARMUP_BACKLOG = 500;

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void warmUp(HttpClient http, StormFakePlatforms fakes) throws InterruptedException {
        if (warmupSeconds <= 0) {
            return;
        }
        log("Warming up for " + warmupSeconds + " s (not counted)");
        long deadline = System.nanoTime() + warmupSeconds * 1_000_000_000L;
        AtomicInteger seq = new AtomicInteger();
        AtomicInteger validSent = new AtomicInteger();
        Map<Integer, Planned> recent = new ConcurrentHashMap<>();
        long ts = System.currentTimeMillis() - 3_600_000;
        List<Thread> threads = new ArrayList<>();
        // Never more than WARMUP_BACKLOG events ahead of the replies: acknowledging can outrun
        // replying, and a backlog left by the warm-up would be measured as reply latency in the run.
        // The run's connections and mix (duplicates, forged, malformed), so that the run meets no
        // path the JIT compiler has not seen yet (setting up a connection is one).
        for (int i = 0; i < senders; i++) {
            Thread t = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    if (validSent.get() - fakes.sentCount() > WARMUP_BACKLOG) {
                        sleepQuietly(5);
                        continue;
                    }
                    int n = seq.getAndIncrement();
                    Kind kind = kindAt(n, n >= 100);
                    // A duplicate (slots 0-4) repeats slot 50-54 of the hundred before: a valid event.
                    Planned p = kind == Kind.DUPLICATE ? recent.get(n - 50) : planned(n, kind, "warm", '2', ts + n);
                    if (p == null) {
                        continue;   // its original is not sent yet
                    }
                    if (kind == Kind.VALID) {
                        recent.put(n, p);
                        recent.remove(n - 200);
                        validSent.incrementAndGet();
                    }
                    try {
                        post(p);
                    } catch (IOException e) {
                        // counted nowhere: warm-up only
                    }
                }
            }, "storm-warmup-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        int last = -1;
        long quietSince = System.nanoTime();
        long waitUntil = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < waitUntil) {
            int count = fakes.sentCount();
            if (count != last) {
                last = count;
                quietSince = System.nanoTime();
            } else if (count >= validSent.get() && System.nanoTime() - quietSince > 3_000_000_000L) {
                break;   // every warm-up event answered (at least one message each) and nothing more coming
            }
            Thread.sleep(250);
        }
        log("Warm-up done: " + seq.get() + " requests sent (" + validSent.get() + " new valid events), " + last + " replies received");
    }

    /** The fixed plan: per 100 requests, 5 duplicates, 1 forged, 1 malformed, 93 new valid events. */
    private List<Planned> plan() {
        Random random = new Random(seed);
        List<Planned> plan = new ArrayList<>(events);
        List<Planned> valid = new ArrayList<>();
        long ts = System.currentTimeMillis();
        for (int seq = 0; seq < events; seq++) {
            Kind kind = kindAt(seq, !valid.isEmpty());
            if (kind == Kind.DUPLICATE) {
                Planned original = valid.get(random.nextInt(valid.size()));
                plan.add(new Planned(seq, kind, original.channel(), original.resident(), original.question(), original.body(), original.signature()));
                continue;
            }
            // Numeric ids like the platforms'; the leading digit tells the kind apart.
            char digit = switch (kind) {
                case VALID -> '1';
                case FORGED -> '3';
                default -> '4';
            };
            Planned p = planned(seq, kind, "storm", digit, ts + seq);
            plan.add(p);
            if (kind == Kind.VALID) {
                valid.add(p);
            }
        }
        return plan;
    }

    /** Per 100 requests: 5 duplicates (once there is something to repeat), 1 forged, 1 malformed. */
    private static Kind kindAt(int seq, boolean canRepeat) {
        int slot = seq % 100;
        return slot < 5 && canRepeat ? Kind.DUPLICATE : slot == 5 ? Kind.FORGED : slot == 6 ? Kind.MALFORMED : Kind.VALID;
    }

    /** A new event (not a duplicate): resident {@code digit} + seq, event id {@code m_<name>_<seq>} or {@code z_…}. */
    private Planned planned(int seq, Kind kind, String name, char digit, long eventTs) {
        String channel = seq % 2 == 0 ? "messenger" : "zalo";
        String resident = digit + String.format("%09d", seq);
        int question = seq % ResidentQuestions.ALL.size();
        String text = ResidentQuestions.ALL.get(question);
        String body = channel.equals("messenger")
                ? messengerText(resident, "m_" + name + "_" + seq, eventTs, text)
                : zaloText(resident, "z_" + name + "_" + seq, eventTs, text);
        if (kind == Kind.MALFORMED) {
            body = body.substring(0, body.length() - 3) + "\u0000";   // cut short: not JSON any more
        }
        String signature = channel.equals("messenger") ? messengerSignature(body) : zaloSignature(body, eventTs);
        if (kind == Kind.FORGED) {
            signature = signature.substring(0, signature.length() - 8) + "deadbeef";
        }
        return new Planned(seq, kind, channel, resident, question, body, signature);
    }

    private void waitForService(HttpClient http, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + servicePort + "/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("The service did not become ready on port " + servicePort);
    }

    /** Sends every planned request until it is settled: acknowledged, or refused for good (4xx). */
    private void send(HttpClient http, List<Planned> plan) throws InterruptedException {
        DelayQueue<Attempt> queue = new DelayQueue<>();
        long now = System.nanoTime();
        // With --rate each request is due at its slot (an open loop, like real platforms); without,
        // the senders take the plan in order as fast as the service acknowledges.
        for (Planned p : plan) {
            long slot = rate > 0 ? (long) (p.seq() * 1e9 / rate) : 0;
            queue.add(new Attempt(p, now + slot, 0));
        }
        long deadline = now + sendTimeout.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            Thread t = new Thread(() -> senderLoop(http, queue, plan.size(), deadline), "storm-sender-" + i);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (finished.get() < plan.size()) {
            log("Send timeout: " + (plan.size() - finished.get()) + " requests never settled");
        }
    }

    private void senderLoop(HttpClient http, DelayQueue<Attempt> queue, int total, long deadline) {
        while (finished.get() < total && System.nanoTime() < deadline) {
            Attempt a;
            try {
                a = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (a == null) {
                continue;
            }
            Planned p = a.planned();
            long sentAt = System.nanoTime();
            if (p.kind() == Kind.VALID && firstSentAt.putIfAbsent(p.resident(), sentAt) != null) {
                retriedResidents.add(p.resident());
            }
            requests.incrementAndGet();
            int status;
            try {
                status = post(p);
            } catch (IOException e) {
                status = -1;
            }
            long doneAt = System.nanoTime();
            if (status < 0) {
                connectionFailures.incrementAndGet();
            } else {
                statusCounts.merge(status, 1L, Long::sum);
            }
            if (status < 0 || status >= 500 || status == 429) {
                // The platform retries later, backing off: 0.5 s, 1 s, 2 s, 4 s, then every 4 s.
                long pause = retryPause.toNanos() << Math.min(a.failures(), 3);
                queue.add(new Attempt(p, doneAt + pause, a.failures() + 1));
                continue;
            }
            if (status / 100 == 2) {
                ackNanos.add(doneAt - sentAt);
                ackTimeline.add(new long[]{doneAt, doneAt - sentAt});
                lastAckAt = doneAt;
            }
            int done = finished.incrementAndGet();
            if (killAt > 0 && done >= killAt * total && killFile != null && killRequested.compareAndSet(false, true)) {
                killRequestedAt = doneAt;
                try {
                    Files.writeString(killFile, "kill after " + done + " settled requests\n");
                    log("Kill requested after " + done + " settled requests");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /**
     * One webhook POST; returns the status. HttpURLConnection with keep-alive rather than
     * java.net.http: the load generator shares the machine's two cores with the service, so its own
     * cost per request matters.
     */
    private int post(Planned p) throws IOException {
        boolean messenger = p.channel().equals("messenger");
        HttpURLConnection c = (HttpURLConnection) (messenger ? messengerUrl : zaloUrl).openConnection();
        c.setConnectTimeout(2_000);
        c.setReadTimeout(10_000);
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty(messenger ? "X-Hub-Signature-256" : "X-ZEvent-Signature", p.signature());
        byte[] body = p.body().getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(body.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            if (in != null) {
                in.readAllBytes();   // read to the end so the connection is reused
            }
        }
        return status;
    }

    /** Until every valid event has a reply and nothing new arrived for a while, or the drain timeout. */
    private void waitForReplies(StormFakePlatforms fakes, List<Planned> plan) throws InterruptedException {
        Set<String> expected = new HashSet<>();
        plan.stream().filter(p -> p.kind() == Kind.VALID).forEach(p -> expected.add(p.resident()));
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        int lastCount = -1;
        long lastChange = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int count = fakes.sentCount();
            if (count != lastCount) {
                lastCount = count;
                lastChange = System.nanoTime();
            }
            boolean allAnswered = fakes.sent().stream().map(StormFakePlatforms.Sent::recipient).filter(expected::contains)
                    .distinct().count() == expected.size();
            if (allAnswered && System.nanoTime() - lastChange > quiet.toNanos()) {
                return;
            }
            Thread.sleep(500);
        }
        log("Drain timeout: not every valid event was answered");
    }

    private boolean report(List<Planned> plan, List<StormFakePlatforms.Sent> sent, long start, long sendEnd, long lookups) {
        Map<Kind, Integer> byKind = new TreeMap<>();
        Map<String, Planned> validByResident = new HashMap<>();
        Set<String> rejectedResidents = new HashSet<>();
        for (Planned p : plan) {
            byKind.merge(p.kind(), 1, Integer::sum);
            if (p.kind() == Kind.VALID) {
                validByResident.put(p.resident(), p);
            } else if (p.kind() != Kind.DUPLICATE) {
                rejectedResidents.add(p.resident());
            }
        }
        Map<String, List<StormFakePlatforms.Sent>> byRecipient = new HashMap<>();
        for (StormFakePlatforms.Sent s : sent) {
            byRecipient.computeIfAbsent(s.recipient(), k -> new ArrayList<>()).add(s);
        }

        // The usual number of messages in the answer to each question on each channel (its mode):
        // a resident who got more than that was answered more than once, even if the texts differ.
        Map<String, Map<Integer, Integer>> countsPerQuestion = new HashMap<>();
        for (Planned p : validByResident.values()) {
            int n = byRecipient.getOrDefault(p.resident(), List.of()).size();
            countsPerQuestion.computeIfAbsent(p.channel() + "/" + p.question(), k -> new HashMap<>()).merge(n, 1, Integer::sum);
        }
        int once = 0, repeatedText = 0, extraMessages = 0, never = 0;
        List<Long> replyLatency = new ArrayList<>();
        List<Long> replyLatencyFirstTry = new ArrayList<>();
        for (Planned p : validByResident.values()) {
            List<StormFakePlatforms.Sent> got = byRecipient.getOrDefault(p.resident(), List.of());
            if (got.isEmpty()) {
                never++;
                continue;
            }
            int usual = countsPerQuestion.get(p.channel() + "/" + p.question()).entrySet().stream()
                    .filter(e -> e.getKey() > 0).max(Map.Entry.comparingByValue()).orElseThrow().getKey();
            boolean repeated = got.stream().map(StormFakePlatforms.Sent::body).distinct().count() < got.size();
            if (repeated) {
                repeatedText++;
            } else if (got.size() > usual) {
                extraMessages++;
            } else {
                once++;
            }
            long first = got.stream().mapToLong(StormFakePlatforms.Sent::atNanos).min().orElseThrow();
            long latency = first - firstSentAt.get(p.resident());
            replyLatency.add(latency);
            if (!retriedResidents.contains(p.resident())) {
                replyLatencyFirstTry.add(latency);
            }
        }
        long forgedAnswered = rejectedResidents.stream().filter(r -> r.startsWith("3") && byRecipient.containsKey(r)).count();
        long malformedAnswered = rejectedResidents.stream().filter(r -> r.startsWith("4") && byRecipient.containsKey(r)).count();
        long strangers = byRecipient.keySet().stream().filter(r -> !validByResident.containsKey(r) && !rejectedResidents.contains(r)).count();

        List<Long> acks = new ArrayList<>(ackNanos);
        long acked = acks.size();
        double seconds = (sendEnd - start) / 1e9;
        System.out.println("== Webhook storm: " + plan.size() + " requests planned, " + senders + " senders, "
                + (rate > 0 ? "offered rate " + rate + " events/s" : "no rate limit (closed loop)") + ", kill at "
                + Math.round(killAt * 100) + " %");
        System.out.println("Events sent by kind: valid=" + byKind.getOrDefault(Kind.VALID, 0)
                + " duplicates=" + byKind.getOrDefault(Kind.DUPLICATE, 0)
                + " forged=" + byKind.getOrDefault(Kind.FORGED, 0)
                + " malformed=" + byKind.getOrDefault(Kind.MALFORMED, 0)
                + "  (HTTP requests incl. retries: " + requests.get() + "; valid events retried: " + retriedResidents.size() + ")");
        System.out.println("HTTP status counts: " + new TreeMap<>(statusCounts) + "  connection failures: " + connectionFailures.get());
        System.out.println("Valid events answered exactly once: " + once + " / " + validByResident.size()
                + "; more than once: " + (repeatedText + extraMessages) + " (same text repeated " + repeatedText
                + ", more messages than usual " + extraMessages + "); never: " + never);
        System.out.println("Sends in doubt after the kill, checked with the platform before re-sending (conversation look-ups): " + lookups);
        System.out.println("Forged answered: " + forgedAnswered + "  malformed answered: " + malformedAnswered
                + "  (both must be 0); sends to unknown recipients: " + strangers);
        System.out.println("Messages received by the fakes: " + sent.size());
        System.out.printf("Ack latency (2xx, ms): p50 %.1f  p99 %.1f  max %.1f%n", pct(acks, 50), pct(acks, 99), pct(acks, 100));
        printAckTimeline();
        System.out.printf("Sustained: %.1f acknowledged events/s (%d in %.1f s, first send to last ack, outage included)%n",
                acked / seconds, acked, seconds);
        if (killRequestedAt > 0) {
            System.out.printf("  up to the kill request: %.1f settled requests/s%n",
                    Math.ceil(killAt * plan.size()) / ((killRequestedAt - start) / 1e9));
        }
        System.out.printf("Event→reply latency, first reply at the fake (ms): all valid p50 %.1f p99 %.1f; "
                        + "acknowledged at the first try p50 %.1f p99 %.1f; within 1 s: %.1f %%%n",
                pct(replyLatency, 50), pct(replyLatency, 99), pct(replyLatencyFirstTry, 50), pct(replyLatencyFirstTry, 99),
                100.0 * replyLatency.stream().filter(l -> l <= 1_000_000_000L).count() / Math.max(1, replyLatency.size()));
        boolean pass = once == validByResident.size() && forgedAnswered == 0 && malformedAnswered == 0;
        System.out.println("RESULT: " + (pass ? "PASS" : "FAIL")
                + " (every valid event answered exactly once, no forged or malformed one answered)");
        return pass;
    }

    /** The p-th percentile (nearest rank) in milliseconds; NaN when empty. */
    /** Ack latency per 5 s of the run: p50, p99 and max, so that one stall shows as one row. */
    private void printAckTimeline() {
        List<long[]> all = new ArrayList<>(ackTimeline);
        if (all.isEmpty()) {
            return;
        }
        long start = all.stream().mapToLong(a -> a[0]).min().orElseThrow();
        Map<Long, List<Long>> buckets = new TreeMap<>();
        all.forEach(a -> buckets.computeIfAbsent((a[0] - start) / 5_000_000_000L, k -> new ArrayList<>()).add(a[1]));
        StringBuilder out = new StringBuilder("Ack latency per 5 s (ms, p50/p99/max):");
        buckets.forEach((k, v) -> out.append(String.format(" [%ds %.0f/%.0f/%.0f]", k * 5, pct(v, 50), pct(v, 99), pct(v, 100))));
        System.out.println(out);
    }

    static double pct(List<Long> nanos, double p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    private static void log(String message) {
        System.err.println("[storm] " + message);
    }

    // Webhook bodies and signatures, as bot's test helper SignedEvents builds them.

    /** Messenger escapes non-ASCII as \\uXXXX in what it signs; so do we. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String messengerText(String psid, String mid, long ts, String text) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + PAGE_ID + "\",\"time\":" + ts + ",\"messaging\":[{\"sender\":{\"id\":\""
                + psid + "\"},\"recipient\":{\"id\":\"" + PAGE_ID + "\"},\"timestamp\":" + ts + ",\"message\":{\"mid\":\"" + mid
                + "\",\"text\":\"" + escape(text) + "\"}}]}]}";
    }

    static String messengerSignature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String zaloText(String userId, String msgId, long ts, String text) {
        return "{\"app_id\":\"" + ZALO_APP_ID + "\",\"user_id_by_app\":\"9" + userId + "\",\"event_name\":\"user_send_text\","
                + "\"sender\":{\"id\":\"" + userId + "\"},\"recipient\":{\"id\":\"" + OA_ID + "\"},\"message\":{\"text\":\""
                + escape(text) + "\",\"msg_id\":\"" + msgId + "\"},\"timestamp\":\"" + ts + "\"}";
    }

    static String zaloSignature(String body, long ts) {
        return "mac=" + WebhookSignatures.zaloMac(body.getBytes(StandardCharsets.UTF_8), ZALO_APP_ID, String.valueOf(ts), ZALO_OA_SECRET);
    }
}
