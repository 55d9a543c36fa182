package vn.friendlygov.channel.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("web_mailbox")
public record WebMailboxMessage(
        @Id @GeneratedValue @Nullable Long id,
        Long unitId,
        String conversationKey,
        int seq,
        String body,
        @Nullable String quickReplies,
        Instant createdAt) {
}
