package vn.friendlygov.inbox;

import io.micronaut.core.annotation.Introspected;

/** A (channel, sender) pair with unhandled events. */
@Introspected
public record PendingSender(String channel, String senderId) {
}
