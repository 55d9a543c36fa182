package vn.friendlygov.channel.zalo;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("channel_token")
public record ChannelToken(
        @Id Long unitId,
        String channel,
        @Nullable String accessToken,
        @Nullable String refreshToken,
        @Nullable Instant expiresAt,
        boolean refreshFailed,
        @Nullable String failureReason,
        Instant updatedAt) {
}
