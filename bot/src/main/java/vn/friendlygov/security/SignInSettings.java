package vn.friendlygov.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** {@code bot.sign-in.*}: lock-out after repeated failures, and the threads that hash passwords. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("bot.sign-in")
public class SignInSettings {
    /** Failed sign-ins for one username within {@link #window} that lock it. */
    @Min(1)
    private int maxFailures = 5;
    @NotNull
    private Duration window = Duration.ofMinutes(15);
    /** How long a locked username refuses every password, the right one included. */
    @NotNull
    private Duration lockDuration = Duration.ofMinutes(15);
    /**
     * Threads that hash passwords, apart from the pool serving chat and webhooks: a flood of
     * sign-ins then takes at most this many cores.
     */
    @Min(1)
    private int hashThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    /** Sign-ins waiting for those threads; beyond it a sign-in is refused at once with 503. */
    @Min(0)
    private int maxQueued = 16;

    public int getMaxFailures() { return maxFailures; }
    public void setMaxFailures(int maxFailures) { this.maxFailures = maxFailures; }
    public Duration getWindow() { return window; }
    public void setWindow(Duration window) { this.window = window; }
    public Duration getLockDuration() { return lockDuration; }
    public void setLockDuration(Duration lockDuration) { this.lockDuration = lockDuration; }
    public int getHashThreads() { return hashThreads; }
    public void setHashThreads(int hashThreads) { this.hashThreads = hashThreads; }
    public int getMaxQueued() { return maxQueued; }
    public void setMaxQueued(int maxQueued) { this.maxQueued = maxQueued; }
}
