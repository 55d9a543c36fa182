package vn.friendlygov.channel.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** POST /api/v1/chat (API.md). Unknown fields are ignored. */
@Serdeable
public record ChatRequest(@Nullable String conversationId, @Nullable String text, @Nullable String postback,
                          @Nullable String unit) {
}
