package vn.friendlygov.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.Follower;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.channel.Reasons;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.channel.SentLookup;
import vn.friendlygov.consent.Consent;
import vn.friendlygov.db.Deadlocks;
import vn.friendlygov.db.Lanes;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Sends what the outbox holds. One loop per instance claims batches and hands the rows to a pool
 * (different residents in parallel; a resident's next message is not claimed before the previous
 * one's outcome is recorded, so they arrive in order), and claims again while sends are in flight,
 * up to a bound. Outcomes are recorded in batches by one recorder thread (one transaction for all
 * the sends that finished meanwhile): sent with the platform's id, retried with exponential
 * backoff and jitter within a retry budget of hours ({@link OutboxRetryConfig}), failed for good
 * with the platform's error code, or skipped by a platform rule with its reason code
 * ({@link Reasons}); the outcomes of messages about a case go to {@link DeliveryOutcomes}. Everything
 * about a platform (its rules, rate limits, tokens, how to ask about a send in doubt) is its channel's
 * {@link ChannelSender}: this class only claims, sends through the channel and records. A recipient
 * who refuses our messages on the platform (Zalo -244) is recorded as opted out in the same transaction.
 *
 * <p>Neither platform takes an idempotency key, so a message the platform accepted just before the
 * process died, whose outcome was never recorded, would be sent again after its lease. Such a row
 * comes back from its claim with {@code claimed_at} still set (every recorded outcome clears it):
 * before sending it, the dispatcher asks the platform whether the page or OA already sent that
 * text to the recipient since that claim (less a margin for clock skew). Found: recorded as sent
 * with the platform's id, not sent. Not found: sent. The platform cannot be asked: retried later,
 * still in doubt, never sent blindly. {@code outbox.reconcile.enabled=false} re-sends instead.
 * This check is what makes recording in batches safe: a crash between a send and its batch's
 * commit leaves the row in doubt, not lost and not sent twice.
 */
@Singleton
public class OutboxDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(OutboxDispatcher.class);
    private static final Duration LEASE = Duration.ofSeconds(30);
    private static final long COALESCE_MILLIS = 15;

    private final OutboxStore store;
    private final Outbox outbox;
    private final Map<String, ChannelSender> senders = new HashMap<>();
    private final UnitDirectory units;
    private final FollowerRepository followers;
    private final Consent consent;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final boolean enabled;
    private final int batchSize;
    private final RetrySchedule retries;
    private final List<DeliveryOutcomes> outcomeListeners;
    private final boolean reconcile;
    private final Duration clockMargin;
    private final ExecutorService pool;
    private final java.util.concurrent.atomic.AtomicLong sendOrder = new java.util.concurrent.atomic.AtomicLong();
    private final TransactionOperations<Connection> transactions;
    private final Lanes<Recorded> recorder;
    private final int maxInFlight;
    private final Semaphore wake = new Semaphore(0);
    /**
     * When the last recorded batch was all deferred (a platform's allowance used up by a campaign,
     * the night ban): claim again only then (at most {@link #QUIET_MAX} later) or when woken by new
     * messages. Otherwise each claim would take the next rows of the backlog only to defer them too:
     * a hundred thousand campaign rows churned through the database every second.
     */
    private volatile long quietUntilMillis;
    /**
     * Rows this instance claimed and has not recorded yet. Their leases are renewed every
     * {@link #RENEW_EVERY} while they are held, so a send slower than the lease (a loaded machine,
     * a slow platform) is never claimed again and sent twice, by this instance or another; an
     * instance that died renews nothing, and its rows come back after {@link #LEASE} (perf/README.md,
     * the campaign run: 30 of 2,000 followers got a greeting twice before this).
     */
    private final Set<Long> holding = ConcurrentHashMap.newKeySet();
    /** Renewals and recordings take turns, so a renewal never pushes back a row just recorded. */
    private final Object recording = new Object();
    private static final Duration RENEW_EVERY = Duration.ofSeconds(10);
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-lease-renewer");
        t.setDaemon(true);
        return t;
    });
    private static final long QUIET_MAX = 1000;
    /** Claimed rows whose outcome is not recorded yet. */
    private final Semaphore inFlight;
    private volatile boolean running;
    private Thread loop;

    public OutboxDispatcher(OutboxStore store, Outbox outbox, List<ChannelSender> senders, UnitDirectory units,
                            FollowerRepository followers, Consent consent, TransactionOperations<Connection> transactions,
                            Clock clock, MeterRegistry metrics, OutboxRetryConfig retryConfig, List<DeliveryOutcomes> outcomeListeners,
                            DispatcherSettings settings, ReconcileSettings reconcile) {
        this.retries = new RetrySchedule(settings.getBaseBackoff(), retryConfig.getMaxBackoff(), retryConfig.getBudget());
        this.outcomeListeners = outcomeListeners;
        this.reconcile = reconcile.isEnabled();
        this.clockMargin = reconcile.getClockMargin();
        this.store = store;
        this.outbox = outbox;
        senders.forEach(s -> this.senders.put(s.channel(), s));
        this.units = units;
        this.followers = followers;
        this.consent = consent;
        this.clock = clock;
        this.metrics = metrics;
        this.enabled = settings.isEnabled();
        this.batchSize = settings.getBatchSize();
        // Ordered by the row's priority: a reply claimed behind a batch of campaign messages is sent
        // by the next free thread, not after them (FIFO held answers for seconds under a backlog).
        this.pool = new java.util.concurrent.ThreadPoolExecutor(settings.getThreads(), settings.getThreads(), 0L, TimeUnit.MILLISECONDS,
                new java.util.concurrent.PriorityBlockingQueue<>(), r -> new Thread(r, "outbox-send"));
        this.maxInFlight = Math.max(settings.getBatchSize(), settings.getMaxInFlight());
        this.inFlight = new Semaphore(this.maxInFlight);
        this.transactions = transactions;
        this.recorder = new Lanes<>("outbox-recorder", 1, 500, this::recordAll);
    }

    @EventListener
    void start(StartupEvent event) {
        if (!enabled) {
            LOG.info("Outbox dispatcher disabled (outbox.dispatcher.enabled=false)");
            return;
        }
        running = true;
        renewer.scheduleWithFixedDelay(this::renewLeases, RENEW_EVERY.toMillis(), RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
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
                Claimed c = dispatchOnce();
                long quiet = quietUntilMillis - clock.millis();
                if (c.rows() > 0 && quiet > 0) {
                    wake.tryAcquire(Math.min(quiet, QUIET_MAX), TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } else if (c.rows() == 0) {
                    wake.tryAcquire(250, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                } else if (c.rows() < c.asked() && c.rows() < batchSize / 4) {
                    // A trickle (the queue is empty): let a few more messages gather so one claim
                    // serves many. Not when the in-flight bound cut the claim short: a backlog waits.
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

    private record Claimed(int rows, int asked) {
    }

    /** A send in the pool's queue: the more urgent priority first, then in the order claimed. */
    private record Send(int priority, long order, Runnable task) implements Runnable, Comparable<Send> {
        @Override
        public void run() {
            task.run();
        }

        @Override
        public int compareTo(Send o) {
            return priority != o.priority ? Integer.compare(priority, o.priority) : Long.compare(order, o.order);
        }
    }

    /** Claims one batch and starts sending it. */
    private Claimed dispatchOnce() throws InterruptedException {
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
            return new Claimed(0, capacity);
        }
        if (rows.size() > 1) {
            inFlight.acquire(rows.size() - 1);   // only this thread acquires: they are there
        }
        Map<String, Follower> recipients = recipients(rows);
        for (OutboxRow row : rows) {
            if (!holding.add(row.id())) {
                inFlight.release();   // still being sent here (claimed again before a renewal): its outcome comes
                continue;
            }
            pool.execute(new Send(row.priority(), sendOrder.incrementAndGet(), () -> {
                Outcome result;
                try {
                    result = deliver(row, recipients.get(recipientKey(row.unitId(), row.channel(), row.recipientId())), now);
                } catch (RuntimeException e) {
                    LOG.error("Outbox send of row {} crashed; retrying later", row.id(), e);
                    // A row that came in doubt stays so: whatever failed, its earlier send is still unknown.
                    result = new Outcome(new SendResult.Retry(Reasons.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()),
                            row.claimedAt());
                }
                recorder.submit(0, new Recorded(row, result));
            }));
        }
        return new Claimed(rows.size(), capacity);
    }

    /** What to record; {@code inDoubtSince} set: the row stays in doubt since then (the check could not be made). */
    private record Outcome(SendResult result, @Nullable Instant inDoubtSince) {
        static Outcome of(SendResult result) {
            return new Outcome(result, null);
        }
    }

    /** {@code claimedAt}: this claim's time, where a send of unknown outcome puts the row in doubt from. */
    private Outcome deliver(OutboxRow row, @Nullable Follower recipient, Instant claimedAt) {
        Instant now = clock.instant();
        ChannelSender sender = senders.get(row.channel());
        Optional<Unit> unit = units.byId(row.unitId());
        if (sender == null || unit.isEmpty()) {
            return Outcome.of(new SendResult.Failed(Reasons.NO_SENDER, "no sender for channel '" + row.channel() + "' or unit gone"));
        }
        Delivery d = new Delivery(unit.get(), row.recipientId(), MessageKind.valueOf(row.kind()), outbox.body(row),
                recipient == null ? null : recipient.lastInteractionAt(), now, row.dedupeKey(),
                recipient != null && recipient.optedOut());
        if (d.optedOut() && (d.kind() == MessageKind.PROMOTION || row.dedupeKey().startsWith(OutboundMessage.LETTER_KEY_PREFIX))) {
            // "hủy nhận tin": no campaign message nor official's letter on any channel (answers and case
            // updates still go). The one send-time consent check: the follower registry's state, which
            // package consent keeps (web chat included).
            return Outcome.of(new SendResult.Skipped(Reasons.OPTED_OUT, "the recipient opted out of messages from the unit"));
        }
        if (reconcile && row.claimedAt() != null) {
            Optional<Outcome> settled = reconcile(row, sender, d);
            if (settled.isPresent()) {
                return settled.get();
            }
        }
        SendResult result = sender.send(d);
        if (result instanceof SendResult.Unknown) {
            // A timeout after the request left: the platform may hold it. Checked before any resend,
            // from the earliest claim still in doubt.
            return new Outcome(result, row.claimedAt() != null ? row.claimedAt() : claimedAt);
        }
        return Outcome.of(result);
    }

    /**
     * The row was claimed before and its outcome never recorded: the instance died while sending
     * it, before or after the platform accepted it. Asks the platform; empty means "send it".
     *
     * <p>A long message is several rows (one per part, {@link Outbox#enqueueAll}) and a resident's
     * rows are claimed one at a time in order, so a crash in the middle of one is settled part by
     * part: the parts found are recorded with their own platform ids, the rest are sent in order.
     */
    private Optional<Outcome> reconcile(OutboxRow row, ChannelSender sender, Delivery d) {
        Instant since = row.claimedAt();
        SentLookup lookup = sender.findSent(d, since.minus(clockMargin));
        if (lookup instanceof SentLookup.Later later) {
            reconciled(row, "rate_limited");
            return Optional.of(new Outcome(new SendResult.Deferred(later.until(), later.reason()), since));
        }
        if (lookup instanceof SentLookup.NotNeeded) {
            return Optional.empty();
        }
        if (lookup instanceof SentLookup.Matches matches) {
            List<String> candidates = new ArrayList<>(matches.platformMessageIds());
            if (!candidates.isEmpty()) {
                // The same text sent to the same resident shortly before is another row's message.
                candidates.removeAll(store.recordedElsewhere(row.id(), row.channel(), row.recipientId(), candidates));
            }
            if (!candidates.isEmpty()) {
                String id = candidates.get(candidates.size() - 1);   // the oldest: the first send after that claim
                LOG.warn("Outbox row {} to {} on {} was in doubt (claimed at {}): the platform already has it as {}; recorded as sent, not sent again",
                        row.id(), row.recipientId(), row.channel(), since, id);
                reconciled(row, "found");
                return Optional.of(Outcome.of(new SendResult.Sent(id)));
            }
            LOG.warn("Outbox row {} to {} on {} was in doubt (claimed at {}): not delivered; sending it now",
                    row.id(), row.recipientId(), row.channel(), since);
            reconciled(row, "not_found");
            return Optional.empty();
        }
        String reason = lookup instanceof SentLookup.Unavailable u ? u.reason()
                : lookup instanceof SentLookup.TokenExpired t ? t.reason() : lookup.toString();
        LOG.warn("Outbox row {} to {} on {} was in doubt (claimed at {}) and the platform could not be asked ({}); not sending, trying again later",
                row.id(), row.recipientId(), row.channel(), since, reason);
        reconciled(row, "check_failed");
        return Optional.of(new Outcome(new SendResult.Retry(Reasons.IN_DOUBT, "in doubt, platform check failed: " + reason), since));
    }

    private void renewLeases() {
        try {
            synchronized (recording) {
                List<Long> ids = List.copyOf(holding);
                if (!ids.isEmpty()) {
                    store.renewLeases(ids, clock.instant().plus(LEASE));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Outbox: renewing {} leases failed; trying again in {} s", holding.size(), RENEW_EVERY.toSeconds(), e);
        }
    }

    private void reconciled(OutboxRow row, String result) {
        metrics.counter("outbox.reconcile", "channel", row.channel(), "result", result).increment();
    }

    private record Recorded(OutboxRow row, Outcome outcome) {
    }

    /**
     * The outcomes of every send that finished meanwhile, in one transaction; the sent ones (nearly
     * all) in one UPDATE per hundred. A failure leaves the rows leased: they come back in doubt.
     */
    private void recordAll(List<Recorded> batch) {
        synchronized (recording) {
            recordHeld(batch);
        }
    }

    private void recordHeld(List<Recorded> batch) {
        try {
            Instant now = clock.instant();
            List<OutboxStore.Sent> sent = batch.stream().filter(r -> r.outcome().result() instanceof SendResult.Sent)
                    .map(r -> new OutboxStore.Sent(r.row().id(), ((SendResult.Sent) r.outcome().result()).platformMessageId())).toList();
            List<OutboxStore.Deferral> deferred = batch.stream().filter(r -> r.outcome().result() instanceof SendResult.Deferred)
                    .map(r -> new OutboxStore.Deferral(r.row().id(), ((SendResult.Deferred) r.outcome().result()).until(),
                            clip(((SendResult.Deferred) r.outcome().result()).reason()), r.outcome().inDoubtSince())).toList();
            Deadlocks.retry(() -> transactions.executeWrite(status -> {
                store.markSent(sent, now);
                store.deferAll(deferred);
                List<DeliveryOutcomes.Settled> settled = new ArrayList<>();
                for (Recorded r : batch) {
                    if (r.outcome().result() instanceof SendResult.Deferred) {
                        continue;   // recorded above; not final
                    }
                    DeliveryOutcomes.Settled s = r.outcome().result() instanceof SendResult.Sent
                            ? new DeliveryOutcomes.Settled(r.row(), OutboxRow.SENT, null, null, now)
                            : record(r.row(), r.outcome(), now);
                    if (s != null && r.row().ticketId() != null) {
                        settled.add(s);
                    }
                }
                if (!settled.isEmpty()) {
                    outcomeListeners.forEach(l -> l.settled(settled));
                }
                return null;
            }));
            quietUntilMillis = batch.stream().allMatch(r -> r.outcome().result() instanceof SendResult.Deferred)
                    ? batch.stream().mapToLong(r -> ((SendResult.Deferred) r.outcome().result()).until().toEpochMilli()).min().orElse(0)
                    : 0;
            batch.forEach(r -> metrics.counter("outbox.sends", "channel", r.row().channel(), "result",
                    r.outcome().result().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT)).increment());
        } catch (RuntimeException e) {
            LOG.error("Outbox: recording {} outcomes failed; their leases will bring them back, in doubt", batch.size(), e);
        } finally {
            batch.forEach(r -> holding.remove(r.row().id()));
            inFlight.release(batch.size());
            wake.release();   // the residents' next messages may be claimable now
        }
    }

    /** Any outcome but a send or a deferral (those are batched in {@link #recordAll}); the final one, or null while pending. */
    @Nullable
    private DeliveryOutcomes.Settled record(OutboxRow row, Outcome settled, Instant now) {
        SendResult result = settled.result();
        Instant inDoubtSince = settled.inDoubtSince();
        if (result instanceof SendResult.Skipped s) {
            return markFinal(row, OutboxRow.SKIPPED, s.code(), s.reason(), now);
        } else if (result instanceof SendResult.Failed f) {
            return markFinal(row, OutboxRow.FAILED, f.code(), f.reason(), now);
        } else if (result instanceof SendResult.OptedOut o) {
            consent.optOut(row.unitId(), row.channel(), row.recipientId(), Consent.PLATFORM_ERROR, now);
            return markFinal(row, OutboxRow.SKIPPED, Reasons.OPTED_OUT, o.reason(), now);
        } else if (result instanceof SendResult.Retry r) {
            return retry(row, r.code(), r.reason(), now, inDoubtSince, r.notBefore());
        } else if (result instanceof SendResult.Unknown u) {
            return retry(row, Reasons.NETWORK, u.reason(), now, inDoubtSince, null);
        } else if (result instanceof SendResult.TokenExpired t) {
            return retry(row, Reasons.TOKEN_REFRESH_FAILED, t.reason(), now, inDoubtSince, null);
        }
        return null;
    }

    private DeliveryOutcomes.Settled markFinal(OutboxRow row, String status, String code, String reason, Instant now) {
        store.markFinal(row.id(), status, clip(code, 64), clip(reason), now);
        return new DeliveryOutcomes.Settled(row, status, code, reason, now);
    }

    /**
     * A transient failure: again after the backoff, until the retry budget (outbox.retry.budget,
     * hours) has passed since the first failure of this run; then FAILED with the last error.
     */
    @Nullable
    private DeliveryOutcomes.Settled retry(OutboxRow row, String code, String reason, Instant now,
                                           @Nullable Instant inDoubtSince, @Nullable Duration notBefore) {
        // row.attempts() is the count before this claim; the claim added one.
        int attempts = row.attempts() + 1;
        Instant since = row.retryingSince() != null ? row.retryingSince() : now;
        Optional<Instant> next = retries.next(attempts, since, now, ThreadLocalRandom.current().nextDouble())
                // The platform's Retry-After, when it gave one, is a floor on the backoff.
                .map(at -> notBefore != null && at.isBefore(now.plus(notBefore)) ? now.plus(notBefore) : at);
        if (next.isEmpty()) {
            return markFinal(row, OutboxRow.FAILED, code, "gave up after " + attempts + " attempts in "
                    + Duration.between(since, now).toMinutes() + " min: " + reason, now);
        }
        store.retryAt(row.id(), next.get(), clip(code, 64), clip(reason), inDoubtSince, now);
        return null;
    }

    /**
     * Each recipient's registry entry: when they last wrote to us or followed (the platforms'
     * windows count from there; every message and follow on Zalo and Messenger updates it) and
     * whether they opted out. One query per unit and channel in the batch.
     */
    private Map<String, Follower> recipients(List<OutboxRow> rows) {
        Map<String, Follower> found = new HashMap<>();
        rows.stream().collect(Collectors.groupingBy(r -> new UnitChannel(r.unitId(), r.channel()),
                Collectors.mapping(OutboxRow::recipientId, Collectors.toSet()))).forEach((uc, recipients) -> {
            for (Follower f : followers.findByUnitIdAndChannelAndUserIdIn(uc.unitId(), uc.channel(), recipients)) {
                found.put(recipientKey(f.unitId(), f.channel(), f.userId()), f);
            }
        });
        return found;
    }

    private record UnitChannel(long unitId, String channel) {
    }

    private static String recipientKey(long unitId, String channel, String userId) {
        return unitId + "/" + channel + "/" + userId;
    }

    private static String clip(String s) {
        return clip(s, 480);
    }

    private static String clip(String s, int max) {
        return s == null ? null : s.length() > max ? s.substring(0, max) : s;
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
            renewer.shutdownNow();
            pool.shutdown();
            pool.awaitTermination(5, TimeUnit.SECONDS);
            // Record what was sent before going: every permit back means every outcome committed.
            if (inFlight.tryAcquire(maxInFlight, 5, TimeUnit.SECONDS)) {
                inFlight.release(maxInFlight);
            }
            recorder.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
