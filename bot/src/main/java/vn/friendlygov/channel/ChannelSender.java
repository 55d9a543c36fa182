package vn.friendlygov.channel;

import java.time.Instant;

/** Delivers outbox rows on one channel, applying that platform's rules. */
public interface ChannelSender {
    String channel();

    SendResult send(Delivery delivery);

    /**
     * For a send whose outcome is unknown: which messages with the text {@link #send} would send
     * reached the recipient from us at or after {@code since}. Channels whose send is idempotent
     * need not ask anyone.
     */
    default SentLookup findSent(Delivery delivery, Instant since) {
        return new SentLookup.NotNeeded();
    }
}
