package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A queued message: PENDING until SENT, FAILED (permanent error or attempts used up) or SKIPPED (a
 * platform rule). {@code claimedAt} is set by a claim and cleared by its recorded outcome (see
 * {@link OutboxStore}).
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
        @Nullable Instant claimedAt) {
    public static final String PENDING = "PENDING";
    public static final String SENT = "SENT";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED = "SKIPPED";
}
