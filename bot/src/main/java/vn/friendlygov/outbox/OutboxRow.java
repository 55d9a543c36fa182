package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A queued message: PENDING until SENT, FAILED (permanent error or attempts used up) or SKIPPED (a
 * platform rule). {@code claimedAt} is set by a claim and cleared by its recorded outcome (see
 * {@link OutboxStore}). {@code reasonCode}: why it was skipped or failed (a {@code Reasons} code or
 * the platform's error code), or the last transient error while retried since {@code retryingSince}.
 * {@code ticketId}, {@code purpose}, {@code audience}: the case it is about, what it is
 * (acknowledgement, answer, apology…) and for whom ("resident" or an official's username).
 * {@code priority}: 0 for replies and officials' messages, 1 for campaign messages (V19): claimed and sent lower first.
 */
@MappedEntity("outbox")
public record OutboxRow(
        @Id @GeneratedValue @Nullable Long id,
        String dedupeKey,
        Long unitId,
        String channel,
        String recipientId,
        @Nullable Long conversationId,
        String kind,
        String body,
        String status,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String platformMessageId,
        @Nullable String failureReason,
        Instant createdAt,
        @Nullable Instant sentAt,
        @Nullable Instant claimedAt,
        @Nullable Long ticketId,
        @Nullable String purpose,
        @Nullable String audience,
        @Nullable String reasonCode,
        @Nullable Instant retryingSince,
        @Nullable Instant finishedAt,
        int priority) {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
}
