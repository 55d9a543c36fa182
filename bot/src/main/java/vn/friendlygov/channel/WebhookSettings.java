package vn.friendlygov.channel;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * The webhooks' time and size bounds ({@code webhooks.*}). Zalo wants its 200 within 2 s, so when
 * the database is gone a webhook must say 503 before then: the wait for the inbox writer and the
 * writer's wait for a connection are both bounded here, well under 2 s.
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("webhooks")
public class WebhookSettings {
    /** How long a webhook waits for its events to be committed before answering 503. */
    @NotNull
    private Duration storeTimeout = Duration.ofMillis(1500);
    /** How long the inbox writer waits for a pooled connection (the pool's own default is 30 s). */
    @NotNull
    private Duration connectionTimeout = Duration.ofMillis(1000);
    /**
     * A resident's text longer than this (in characters) is kept whole, and answered with a polite
     * "too long" instead of being classified (the web chat refuses beyond 2,000 with a 400).
     */
    @Min(1)
    private int maxTextChars = 5000;

    public Duration getStoreTimeout() { return storeTimeout; }
    public void setStoreTimeout(Duration storeTimeout) { this.storeTimeout = storeTimeout; }
    public Duration getConnectionTimeout() { return connectionTimeout; }
    public void setConnectionTimeout(Duration connectionTimeout) { this.connectionTimeout = connectionTimeout; }
    public int getMaxTextChars() { return maxTextChars; }
    public void setMaxTextChars(int maxTextChars) { this.maxTextChars = maxTextChars; }
}
