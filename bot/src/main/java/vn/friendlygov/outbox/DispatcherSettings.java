package vn.friendlygov.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** {@code outbox.dispatcher.*}: how the outbox sends. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("outbox.dispatcher")
public class DispatcherSettings {
    private boolean enabled = true;
    /** Rows per claim. */
    @Min(1)
    private int batchSize = 200;
    /**
     * Sends block on the platform's answer (100–300 ms from Viet Nam): enough threads to keep a
     * broadcast moving; an idle thread costs next to nothing.
     */
    @Min(1)
    private int threads = 64;
    /** Rows claimed but not yet recorded: bounds what a crash leaves in doubt. */
    @Min(1)
    private int maxInFlight = 400;
    /** First retry delay; it doubles up to outbox.retry.max-backoff. */
    @NotNull
    private Duration baseBackoff = Duration.ofSeconds(2);

    /**
     * Hold the platforms' rates across all instances through the database (rate_window, V19_1);
     * false: each instance keeps only its own buckets (one instance, or tests of the local buckets).
     */
    private boolean sharedRateLimits = true;

    public boolean isSharedRateLimits() { return sharedRateLimits; }
    public void setSharedRateLimits(boolean sharedRateLimits) { this.sharedRateLimits = sharedRateLimits; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public int getThreads() { return threads; }
    public void setThreads(int threads) { this.threads = threads; }
    public int getMaxInFlight() { return maxInFlight; }
    public void setMaxInFlight(int maxInFlight) { this.maxInFlight = maxInFlight; }
    public Duration getBaseBackoff() { return baseBackoff; }
    public void setBaseBackoff(Duration baseBackoff) { this.baseBackoff = baseBackoff; }

}
