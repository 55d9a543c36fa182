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

/**
 * The platforms' allowances, for the channel senders that own them (Zalo's per app, a Messenger
 * page's, Messenger's conversation look-ups): a token bucket that smooths this instance's own calls
 * and, for a shared limit, the allowance of the current second counted in the database across every
 * instance ({@link SharedRateLimits}, off with {@code outbox.dispatcher.shared-rate-limits=false}).
 *
 * <p>Bulk sends (campaign messages) may use only {@link #BULK_SHARE} of an allowance: the rest is
 * kept for replies, so a resident's answer does not queue behind a greeting to a hundred thousand
 * followers when the campaign runs at the platform's cap.
 */
@Singleton
public class RateLimits {
    /** The share of a platform's allowance campaign messages may take; replies may use all of it. */
    public static final double BULK_SHARE = 0.8;

    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
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
        Bucket bucket = buckets.computeIfAbsent(name, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(rate).refillGreedy(rate, Duration.ofSeconds(1)).build()).build());
        int limit = bulk ? Math.max(1, (int) (rate * BULK_SHARE)) : rate;
        long reserve = rate - limit;
        if (reserve > 0) {
            long available = bucket.getAvailableTokens();
            if (available <= reserve) {
                return Optional.of(now.plusNanos((reserve + 1 - available) * 1_000_000_000L / rate));
            }
        }
        long waitNanos = bucket.tryConsumeAndReturnRemaining(1).getNanosToWaitForRefill();
        if (waitNanos > 0) {
            return Optional.of(now.plusNanos(waitNanos));
        }
        if (shared != null && sharedByInstances) {
            return shared.tryAcquire(name, limit).map(now::plus);
        }
        return Optional.empty();
    }
}
