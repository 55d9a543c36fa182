package vn.friendlygov.channel;

import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.unit.Unit;

import java.time.Instant;

/**
 * One message for a channel to send: the recipient, why it is sent, and when the recipient last
 * wrote to us or followed (the platforms' windows count from there; null when never). The outbox
 * row's dedupe key lets a channel that stores messages itself (the web mailbox) make a repeated
 * send harmless. {@code optedOut}: the recipient wrote "hủy nhận tin" (or the platform said so).
 */
public record Delivery(Unit unit, String recipientId, MessageKind kind, Reply reply, Instant lastInteraction, Instant now,
                       String dedupeKey, boolean optedOut) {
    public Delivery(Unit unit, String recipientId, MessageKind kind, Reply reply, Instant lastInteraction, Instant now,
                    String dedupeKey) {
        this(unit, recipientId, kind, reply, lastInteraction, now, dedupeKey, false);
    }
}
