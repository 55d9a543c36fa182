package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import vn.friendlygov.conversation.Reply;

/**
 * One message to leave the service. {@code dedupeKey} makes enqueueing idempotent: the same key
 * twice is one message, whatever crashes and retries happen in between.
 */
public record OutboundMessage(long unitId, String channel, String recipientId, @Nullable Long conversationId,
                              MessageKind kind, Reply reply, String dedupeKey) {
}
