package vn.friendlygov.broadcast;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/** One campaign row (V19). {@code body}: the rendered text, frozen once submitted for approval. */
public record Campaign(long id, long unitId, String template, String title, List<String> channels, @Nullable String variablesJson,
                       @Nullable String body, String audience, Instant scheduledAt, String status, long authorId,
                       @Nullable Long approverId, @Nullable String expandChannel, long expandAfterId, boolean expanded,
                       String zaloBroadcast, @Nullable String zaloArticleId, @Nullable String zaloMessageId,
                       @Nullable String zaloReason, @Nullable Instant zaloBroadcastAt) {
    public static final String DRAFT = "DRAFT";
    public static final String PENDING_APPROVAL = "PENDING_APPROVAL";
    public static final String SCHEDULED = "SCHEDULED";
    public static final String RUNNING = "RUNNING";
    public static final String PAUSED = "PAUSED";
    public static final String CANCELLED = "CANCELLED";
    public static final String DONE = "DONE";

    /** Zalo Article broadcast states. */
    public static final String B_NONE = "NONE";
    public static final String B_PENDING = "PENDING";
    public static final String B_SENDING = "SENDING";
    public static final String B_SENT = "SENT";
    public static final String B_SKIPPED = "SKIPPED";
    public static final String B_FAILED = "FAILED";

    /** Not yet handed to the runner: edits are still possible (they send it back to DRAFT). */
    boolean editable() {
        return DRAFT.equals(status) || PENDING_APPROVAL.equals(status) || SCHEDULED.equals(status);
    }
}
