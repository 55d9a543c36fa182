package vn.friendlygov.inbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** {@code inbox.*}: the webhook inbox. Each default lives here only. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("inbox")
public class InboxSettings {
    /** Single-threaded lanes handling residents' stored events; one transaction per batch. */
    @Min(1)
    private int lanes = 2;
    /** Threads storing webhook events before the 200, each a multi-row insert for every request waiting. */
    @Min(1)
    private int writerThreads = 2;
    /** Webhook requests that may wait for those threads; beyond it the webhook answers 503. */
    @Min(1)
    private int writerMaxQueued = 5000;
    /** How often events stored but not handled (a crash after the 200, a failed attempt) are picked up. */
    @NotNull
    private Duration recoveryInterval = Duration.ofSeconds(5);

    public int getLanes() { return lanes; }
    public void setLanes(int lanes) { this.lanes = lanes; }
    public int getWriterThreads() { return writerThreads; }
    public void setWriterThreads(int writerThreads) { this.writerThreads = writerThreads; }
    public int getWriterMaxQueued() { return writerMaxQueued; }
    public void setWriterMaxQueued(int writerMaxQueued) { this.writerMaxQueued = writerMaxQueued; }
    public Duration getRecoveryInterval() { return recoveryInterval; }
    public void setRecoveryInterval(Duration recoveryInterval) { this.recoveryInterval = recoveryInterval; }
}
