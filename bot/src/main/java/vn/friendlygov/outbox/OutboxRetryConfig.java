package vn.friendlygov.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

import java.time.Duration;

/**
 * outbox.retry.*: how long a message that meets transient errors (HTTP 429 and other rate limits,
 * 5xx, network) keeps being retried. The backoff doubles from {@code outbox.dispatcher.base-backoff}
 * up to {@code max-backoff}; after {@code budget} since the first failure the row is FAILED with the
 * last error, and an administrator can queue it again (POST /api/v1/admin/outbox/{id}/retry).
 * The default budget outlasts a platform outage of several hours (it was about 4 minutes).
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("outbox.retry")
public class OutboxRetryConfig {
    private Duration maxBackoff = Duration.ofMinutes(5);
    private Duration budget = Duration.ofHours(8);

    public Duration getMaxBackoff() { return maxBackoff; }
    public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
    public Duration getBudget() { return budget; }
    public void setBudget(Duration budget) { this.budget = budget; }
}
