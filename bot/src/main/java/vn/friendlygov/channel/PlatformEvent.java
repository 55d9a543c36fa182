package vn.friendlygov.channel;

import vn.friendlygov.conversation.Inbound;

/**
 * One event from a platform, parsed and ready to be stored: a resident's MESSAGE (text, quick
 * reply, postback, attachment, location), or FOLLOW / UNFOLLOW. Echoes and receipts never become
 * events. {@code eventKey} is the platform's message id, or a key derived from the event.
 */
public record PlatformEvent(String channel, String eventKey, long unitId, String senderId, String type,
                            long platformTs, Inbound inbound) {
    public static final String MESSAGE = "MESSAGE";
    public static final String FOLLOW = "FOLLOW";
    public static final String UNFOLLOW = "UNFOLLOW";
}
