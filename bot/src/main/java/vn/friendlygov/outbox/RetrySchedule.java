package vn.friendlygov.outbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a transiently failed send is tried again: exponential backoff from {@code base}, capped at
 * {@code max}, with jitter (×0.5–1.5, so a page's backlog does not come back all at once), until
 * {@code budget} has passed since the first failure in a row.
 */
public record RetrySchedule(Duration base, Duration max, Duration budget) {

    /**
     * {@code attempts}: sends tried so far, this one included; {@code failingSince}: the first
     * failure of this run (now when this is it); {@code jitter} in [0, 1). Empty: give up.
     */
    public Optional<Instant> next(int attempts, Instant failingSince, Instant now, double jitter) {
        if (!now.isBefore(failingSince.plus(budget))) {
            return Optional.empty();
        }
        long capped = Math.min(max.toMillis(), base.toMillis() << Math.min(Math.max(attempts - 1, 0), 30));
        return Optional.of(now.plusMillis((long) (capped * (0.5 + jitter))));
    }
}
