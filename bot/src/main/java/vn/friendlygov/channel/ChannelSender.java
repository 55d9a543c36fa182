package vn.friendlygov.channel;

import vn.friendlygov.unit.Unit;

import java.time.Instant;
import java.util.Optional;

/**
 * A channel's knowledge of its platform, the one thing the outbox dispatcher talks to (after
 * nyaruka/courier's channel handlers): the platform's rules for each kind of message, its rate
 * limits ({@link RateLimits}), its tokens and their refresh, the look-up of a send in doubt and the
 * residents' display names. A new channel is a new package with one of these, not edits elsewhere.
 */
public interface ChannelSender {
    String channel();

    /**
     * Sends one message within the platform's rules and limits, refreshing an expired token and
     * trying once more itself; a full allowance is {@link SendResult.Deferred}.
     */
    SendResult send(Delivery delivery);

    /**
     * For a send whose outcome is unknown: which messages with the text {@link #send} would send
     * reached the recipient from us at or after {@code since}, within the platform's look-up limit.
     * Channels whose send is idempotent need not ask anyone.
     */
    default SentLookup findSent(Delivery delivery, Instant since) {
        return new SentLookup.NotNeeded();
    }

    /** Whether the platform gives residents' display names ({@link #displayName}). */
    default boolean hasProfiles() {
        return false;
    }

    /** The resident's display name on the platform; empty when it has none or cannot be asked now. */
    default Optional<String> displayName(Unit unit, String userId) {
        return Optional.empty();
    }
}
