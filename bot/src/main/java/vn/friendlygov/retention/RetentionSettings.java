package vn.friendlygov.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code retention.*}: how long each kind of row is kept before the purge job deletes it (0: kept
 * for ever). Cases (ticket), their conversations' messages and their photos are citizens' petitions
 * on record: the job never deletes a case, nor a message of a conversation that has one; photos are
 * kept for ever unless {@code photos} is set. Each default lives here only.
 */
@Context
@ConfigurationProperties("retention")
public class RetentionSettings {
    /** Whether the purge job runs on this instance (several may: deleting the same rows twice is harmless). */
    private boolean enabled = true;
    /** How often the job looks. */
    @NotNull
    private Duration interval = Duration.ofMinutes(10);
    /** Rows per delete (one short transaction each). */
    @Min(1) @Max(10_000)
    private int batchSize = 500;
    /** Batches per kind in one run; the rest waits for the next run. */
    @Min(1)
    private int maxBatches = 20;
    /** Pause between two batches, so live traffic keeps the database. */
    @NotNull
    private Duration pause = Duration.ofMillis(200);
    /** Webhook events handled (DONE): the raw platform payloads, needed only to handle them. */
    @NotNull
    private Duration inboxEvents = Duration.ofDays(30);
    /** Outbox rows sent (SENT): the delivery record; undelivered ones stay for the administrators. */
    @NotNull
    private Duration sentOutbox = Duration.ofDays(90);
    /** Messages of conversations without a case (questions and answers). */
    @NotNull
    private Duration messages = Duration.ofDays(365);
    /** Complaint photos (the image is removed, the row says so); 0: kept with the case for ever. */
    @NotNull
    private Duration photos = Duration.ZERO;

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getInterval() { return interval; }
    public void setInterval(Duration interval) { this.interval = interval; }
    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public int getMaxBatches() { return maxBatches; }
    public void setMaxBatches(int maxBatches) { this.maxBatches = maxBatches; }
    public Duration getPause() { return pause; }
    public void setPause(Duration pause) { this.pause = pause; }
    public Duration getInboxEvents() { return inboxEvents; }
    public void setInboxEvents(Duration inboxEvents) { this.inboxEvents = inboxEvents; }
    public Duration getSentOutbox() { return sentOutbox; }
    public void setSentOutbox(Duration sentOutbox) { this.sentOutbox = sentOutbox; }
    public Duration getMessages() { return messages; }
    public void setMessages(Duration messages) { this.messages = messages; }
    public Duration getPhotos() { return photos; }
    public void setPhotos(Duration photos) { this.photos = photos; }
}
