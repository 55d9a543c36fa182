package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Told the final outcome of messages about a case (rows with a {@code ticketId}): sent, skipped by
 * a platform rule or failed, so the case's history says what really happened. Called in the
 * transaction that records the outcomes.
 */
public interface DeliveryOutcomes {
    record Settled(OutboxRow row, String status, @Nullable String code, @Nullable String detail, Instant at) {
    }

    void settled(List<Settled> outcomes);
}
