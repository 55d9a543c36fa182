package vn.friendlygov.channel;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import vn.friendlygov.outbox.DispatcherSettings;
import vn.friendlygov.outbox.SharedRateLimits;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platforms' allowances, for the channel senders that own them (Zalo's per app, a Messenger
 * page's, Messenger's conversation look-ups): a token bucket that smooths this instance's own calls
 * and, for a shared limit, the allowance of the current second counted in the database across every
 * instance ({@link SharedRateLimits}, off with {@code outbox.dispatcher.shared-rate-limits=false}).
 *
 * <p>Bulk sends (campaign messages) may use only {@link #BULK_SHARE} of an allowance: the rest is
 * kept for replies, so a resident's answer does not queue behind a greeting to a hundred thousand
 * followers when the campaign runs at the platform's cap.
 *
 * <p>A call refused is given the next free slot of its limit (one every 1/rate seconds, later than
 * the slots already given), not just the next second: a backlog of campaign rows is deferred once,
 * spread at the platform's rate, instead of coming back all at once every second to be deferred
 * again (and holding the other channels' rows back meanwhile).
 */
@Singleton
public class RateLimits {
    /** The share of a platform's allowance campaign messages may take; replies may use all of it. */
    public static final double BULK_SHARE = 0.8;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    /** Per limit and kind (bulk or not): the latest slot given to a refused call, epoch nanos. */
    private final Map<String, AtomicLong> slots = new ConcurrentHashMap<>();
    private final @Nullable SharedRateLimits shared;

    @Inject
    public RateLimits(DispatcherSettings settings, SharedRateLimits shared) {
        this.shared = settings.isSharedRateLimits() ? shared : null;
    }

    private RateLimits() {
        this.shared = null;
    }

    /** This instance's buckets only (senders built by hand in tests). */
    public static RateLimits local() {
        return new RateLimits();
    }

    /**
     * One call under the limit {@code name} of {@code perSecond}: empty to go ahead, otherwise when
     * to try again (not before). {@code bulk}: a campaign message, held to {@link #BULK_SHARE}.
     * {@code sharedByInstances}: also counted in the database for every instance.
     */
    public Optional<Instant> acquire(String name, int perSecond, boolean bulk, boolean sharedByInstances, Instant now) {
        int rate = Math.max(1, perSecond);
        int limit = bulk ? Math.max(1, (int) (rate * BULK_SHARE)) : rate;
        // Bulk sends draw on a bucket of their own share first, then on the whole limit's bucket like
        // replies: the share is kept atomically (a check of the tokens left, then a take, let 64 send
        // threads under a campaign's backlog take the replies' part between them).
        if (bulk && limit < rate) {
            long wait = bucket(name + ":bulk", limit).tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill();
            if (wait > 0) {
                return Optional.of(slot(name, true, limit, now, wait));
            }
        }
        long waitNanos = bucket(name, rate).tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill();
        if (waitNanos > 0) {
            return Optional.of(slot(name, bulk, limit, now, waitNanos));
        }
        if (shared != null && sharedByInstances) {
            Optional<Duration> wait = shared.tryAcquire(name, limit, !bulk);
            if (wait.isPresent()) {
                return Optional.of(slot(name, bulk, limit, now, wait.get().toNanos()));
            }
        }
        return Optional.empty();
    }

    private Bucket bucket(String name, int perSecond) {
        return buckets.computeIfAbsent(name, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build()).build());
    }

    /** The next free slot of this limit, at least {@code waitNanos} from now. */
    private Instant slot(String name, boolean bulk, int limit, Instant now, long waitNanos) {
        long step = 1_000_000_000L / Math.max(1, limit);
        long earliest = now.getEpochSecond() * 1_000_000_000L + now.getNano() + waitNanos;
        long at = slots.computeIfAbsent(name + (bulk ? ":bulk" : ""), k -> new AtomicLong())
                .updateAndGet(last -> Math.max(earliest, last + step));
        return Instant.ofEpochSecond(0, at);
    }
}
