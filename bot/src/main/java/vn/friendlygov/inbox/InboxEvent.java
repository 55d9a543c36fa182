package vn.friendlygov.inbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A stored platform event: PENDING until handled (DONE) or given up on (FAILED); REJECTED when it
 * could not be read (payload: its raw JSON, error: why), never handled.
 */
@MappedEntity("inbox_event")
public record InboxEvent(
        @Id @GeneratedValue @Nullable Long id,
        String channel,
        String eventKey,
        @Nullable Long unitId,
        @Nullable String senderId,
        String eventType,
        String payload,
        long platformTs,
        String status,
        int attempts,
        @Nullable String error,
        Instant receivedAt,
        @Nullable Instant processedAt) {
    public static final String PENDING = "PENDING";
    public static final String DONE = "DONE";
    public static final String FAILED = "FAILED";
    public static final String REJECTED = "REJECTED";
}
