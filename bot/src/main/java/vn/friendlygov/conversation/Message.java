package vn.friendlygov.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A message in or out of a conversation, as stored (text is stored as received, escaped on display). */
@MappedEntity("message")
public record Message(
        @Id @GeneratedValue @Nullable Long id,
        Long conversationId,
        String direction,
        String body,
        @Nullable String quickReplies,
        @Nullable String matchKind,
        @Nullable String matchId,
        @Nullable Double confidence,
        Instant createdAt) {
    public static final String IN = "IN";
    public static final String OUT = "OUT";
}
