package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import vn.friendlygov.conversation.Reply;

/**
 * One message to leave the service. {@code dedupeKey} makes enqueueing idempotent: the same key
 * twice is one message, whatever crashes and retries happen in between. {@code about}: the case it
 * concerns, so the case's record lists it with its outcome. {@code author}: the official who wrote
 * it (null: the service), kept in the conversation's history.
 */
public record OutboundMessage(long unitId, String channel, String recipientId, @Nullable Long conversationId,
                              MessageKind kind, Reply reply, String dedupeKey, @Nullable About about,
                              @Nullable String author) {
    /**
     * The dedupe keys of officials' letters (package letter): like campaign messages, held back at
     * send time from a resident who has written "hủy nhận tin" since the letter was queued.
     */
    public static final String LETTER_KEY_PREFIX = "letter:";

    public OutboundMessage(long unitId, String channel, String recipientId, @Nullable Long conversationId,
                           MessageKind kind, Reply reply, String dedupeKey, @Nullable About about) {
        this(unitId, channel, recipientId, conversationId, kind, reply, dedupeKey, about, null);
    }

    public OutboundMessage(long unitId, String channel, String recipientId, @Nullable Long conversationId,
                           MessageKind kind, Reply reply, String dedupeKey) {
        this(unitId, channel, recipientId, conversationId, kind, reply, dedupeKey, null, null);
    }

    /** {@code purpose}: acknowledgement, answer, apology…; {@code audience}: "resident" or the official's username. */
    public record About(long ticketId, String purpose, String audience) {
        public static final String RESIDENT = "resident";
    }
}
