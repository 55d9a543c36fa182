package vn.friendlygov.outbox;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.Follower;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.channel.messenger.MessengerConfig;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.channel.zalo.ZaloTokens;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends what the outbox holds. One loop per instance claims batches and hands the rows to a pool
 * (different residents in parallel; a resident's next message is not claimed before the previous
 * one's outcome is recorded, so they arrive in order), and claims again while sends are in flight,
 * up to a bound. Each send records its outcome the moment the platform answers: sent with the
 * platform's id, retried with exponential backoff and jitter, failed for good, or skipped by a
 * platform rule. (Neither platform takes an idempotency key: a message accepted but not yet marked
 * when the process dies is sent again after its lease, so that gap is kept to one update.) Rate
 * limits are token buckets per page (Messenger) and per app (Zalo).
 */
@Singleton
public class OutboxDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    static final int MAX_ATTEMPTS = 8;
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(30);
    private static final long COALESCE_MILLIS = 15;

    private final OutboxStore store;
    private final Outbox outbox;
    private final Map<String, ChannelSender> senders = new HashMap<>();
    private final UnitDirectory units;
    private final FollowerRepository followers;
    private final ZaloTokens zaloTokens;
    private final MessengerConfig messengerConfig;
    private final ZaloConfig zaloConfig;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final int batchSize;
    private final Duration baseBackoff;
    private final ExecutorService pool;
    private final Semaphore wake = new Semaphore(0);
    /** Claimed rows whose outcome is not recorded yet. */
    private final Semaphore inFlight;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread loop;

    public OutboxDispatcher(OutboxStore store, Outbox outbox, List<ChannelSender> senders, UnitDirectory units,
                            FollowerRepository followers,
                            ZaloTokens zaloTokens,
                            MessengerConfig messengerConfig, ZaloConfig zaloConfig, Clock clock, MeterRegistry metrics,
                            @Value("${outbox.dispatcher.enabled:true}") boolean enabled,
                            @Value("${outbox.dispatcher.batch-size:200}") int batchSize,
                            @Value("${outbox.dispatcher.threads:64}") int threads,
                            @Value("${outbox.dispatcher.base-backoff:2s}") Duration baseBackoff) {
        this.baseBackoff = baseBackoff;
        this.store = store;
        this.outbox = outbox;
        senders.forEach(s -> this.senders.put(s.channel(), s));
        this.units = units;
        this.followers = followers;
        this.zaloTokens = zaloTokens;
        this.messengerConfig = messengerConfig;
        this.zaloConfig = zaloConfig;
        this.clock = clock;
        this.metrics = metrics;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "outbox-send"));
        this.inFlight = new Semaphore(Math.max(batchSize, threads * 2));
    }

    @EventListener
    void start(StartupEvent event) {
        if (!enabled) {
            LOG.info("Outbox dispatcher disabled (outbox.dispatcher.enabled=false)");
            return;
        }
        running = true;
        loop = new Thread(this::run, "outbox-dispatcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** Something was queued: look now rather than at the next poll. */
    public void wakeUp() {
        wake.release();
    }

    private void run() {
        while (running) {
            try {
                int n = dispatchOnce();
                if (n == 0) {
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } else if (n < batchSize / 4) {
                    // A trickle: let a few more messages gather so one claim serves many of them.
                    Thread.sleep(COALESCE_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("Outbox dispatch round failed; retrying shortly", e);
                sleepQuietly();
            }
        }
    }

    /** Claims one batch and starts sending it; returns how many rows it claimed. */
    private int dispatchOnce() throws InterruptedException {
        inFlight.acquire();   // wait while the bound is reached
        int capacity = Math.min(batchSize, 1 + inFlight.availablePermits());
        Instant now = clock.instant();
        List<OutboxRow> rows;
        try {
            rows = store.claim(now, capacity, now.plus(LEASE));
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
        if (rows.isEmpty()) {
            inFlight.release();
            return 0;
        }
        if (rows.size() > 1) {
            inFlight.acquire(rows.size() - 1);   // only this thread acquires: they are there
        }
        Map<String, Instant> lastInteractions = lastInteractions(rows);
        for (OutboxRow row : rows) {
            pool.execute(() -> {
                SendResult result;
                try {
                    result = deliver(row, lastInteractions.get(recipientKey(row.unitId(), row.channel(), row.recipientId())));
                } catch (RuntimeException e) {
                    LOG.error("Outbox send of row {} crashed; retrying later", row.id(), e);
                    result = new SendResult.Retry("internal error: " + e.getClass().getSimpleName());
                }
                try {
                    record(row, result);
                } catch (RuntimeException e) {
                    LOG.error("Outbox: recording the outcome of row {} failed; its lease will bring it back", row.id(), e);
                } finally {
                    inFlight.release();
                    wake.release();   // the resident's next message may be claimable now
                }
            });
        }
        return rows.size();
    }

    private SendResult deliver(OutboxRow row, Instant lastInteraction) {
        Instant now = clock.instant();
        ChannelSender sender = senders.get(row.channel());
        Optional<Unit> unit = units.byId(row.unitId());
        if (sender == null || unit.isEmpty()) {
            return new SendResult.Failed("no sender for channel '" + row.channel() + "' or unit gone");
        }
        long waitNanos = bucket(row.channel(), unit.get()).tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill();
        if (waitNanos > 0) {
            return new SendResult.Deferred(now.plusNanos(waitNanos), "rate limit");
        }
        Delivery d = new Delivery(unit.get(), row.recipientId(), MessageKind.valueOf(row.kind()), outbox.body(row),
                lastInteraction, now, row.dedupeKey());
        SendResult result = sender.send(d);
        if (result instanceof SendResult.TokenExpired expired && Channels.ZALO.equals(row.channel())) {
            // Zalo -216/-220: refresh the token, then retry once.
            result = zaloTokens.refresh(unit.get(), expired.usedToken()).isPresent()
                    ? sender.send(d) : new SendResult.Failed(expired.reason() + "; token refresh failed");
            if (result instanceof SendResult.TokenExpired again) {
                result = new SendResult.Retry(again.reason());
            }
        }
        return result;
    }

    private void record(OutboxRow row, SendResult result) {
        Instant now = clock.instant();
        if (result instanceof SendResult.Sent s) {
            store.markSent(row.id(), s.platformMessageId(), now);
        } else if (result instanceof SendResult.Skipped s) {
            store.markFinal(row.id(), OutboxRow.SKIPPED, clip(s.reason()));
        } else if (result instanceof SendResult.Failed f) {
            store.markFinal(row.id(), OutboxRow.FAILED, clip(f.reason()));
        } else if (result instanceof SendResult.Deferred d) {
            store.deferTo(row.id(), d.until(), clip(d.reason()));
        } else if (result instanceof SendResult.Retry r) {
            retry(row, r.reason(), now);
        } else if (result instanceof SendResult.TokenExpired t) {
            retry(row, t.reason(), now);
        }
        String outcome = result.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        metrics.counter("outbox.sends", "channel", row.channel(), "result", outcome).increment();
    }

    private void retry(OutboxRow row, String reason, Instant now) {
        // row.attempts() is the count before this claim; the claim added one.
        int attempts = row.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
            store.markFinal(row.id(), OutboxRow.FAILED, clip("gave up after " + attempts + " attempts: " + reason));
            return;
        }
        long base = Math.min(MAX_BACKOFF.toMillis(), baseBackoff.toMillis() << Math.min(attempts - 1, 20));
        long jittered = (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble()));
        store.retryAt(row.id(), now.plusMillis(jittered), clip(reason));
    }

    /**
     * When each recipient last wrote to us or followed (the platforms' windows count from there):
     * every message and follow on Zalo and Messenger updates the follower registry. One query per
     * unit and channel in the batch.
     */
    private Map<String, Instant> lastInteractions(List<OutboxRow> rows) {
        Map<String, Instant> last = new HashMap<>();
        rows.stream().collect(Collectors.groupingBy(r -> new UnitChannel(r.unitId(), r.channel()),
                Collectors.mapping(OutboxRow::recipientId, Collectors.toSet()))).forEach((uc, recipients) -> {
            for (Follower f : followers.findByUnitIdAndChannelAndUserIdIn(uc.unitId(), uc.channel(), recipients)) {
                if (f.lastInteractionAt() != null) {
                    last.put(recipientKey(f.unitId(), f.channel(), f.userId()), f.lastInteractionAt());
                }
            }
        });
        return last;
    }

    private record UnitChannel(long unitId, String channel) {
    }

    private static String recipientKey(long unitId, String channel, String userId) {
        return unitId + "/" + channel + "/" + userId;
    }

    private Bucket bucket(String channel, Unit unit) {
        // Messenger limits per page; Zalo per app (one app serves every OA).
        String key = Channels.MESSENGER.equals(channel) ? channel + ":" + unit.id() : channel;
        return buckets.computeIfAbsent(key, k -> {
            Bandwidth limit = switch (channel) {
                case Channels.MESSENGER -> Bandwidth.builder().capacity(messengerConfig.getRatePerSecond())
                        .refillGreedy(messengerConfig.getRatePerSecond(), Duration.ofSeconds(1)).build();
                case Channels.ZALO -> Bandwidth.builder().capacity(Math.max(1, zaloConfig.getRatePerMinute() / 60))
                        .refillGreedy(zaloConfig.getRatePerMinute(), Duration.ofMinutes(1)).build();
                default -> Bandwidth.builder().capacity(10_000).refillGreedy(10_000, Duration.ofSeconds(1)).build();
            };
            return Bucket.builder().addLimit(limit).build();
        });
    }

    private static String clip(String s) {
        return s == null ? null : s.length() > 480 ? s.substring(0, 480) : s;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @EventListener
    void stop(ShutdownEvent event) {
        running = false;
        try {
            if (loop != null) {
                loop.interrupt();
                loop.join(5_000);   // no claim after the send pool has stopped: it would sit leased
            }
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);   // record what was sent before going
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
