package vn.friendlygov.channel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("follower")
public record Follower(
        @Id @GeneratedValue @Nullable Long id,
        Long unitId,
        String channel,
        String userId,
        @Nullable String displayName,
        boolean following,
        boolean optedOut,
        @Nullable Instant lastInteractionAt,
        Instant updatedAt) {
}
