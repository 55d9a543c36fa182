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

    /** inbox_event.sender_id, conversation.channel_user_id, outbox.recipient_id: VARCHAR(128). */
    public static final int MAX_SENDER_ID = 128;
    /** inbox_event.event_key: VARCHAR(191). */
    public static final int MAX_EVENT_KEY = 191;

    /**
     * A resident's id as the platform sent it, or {@link RejectedItem.Invalid}: a longer id would be
     * cut by the column and the reply would go to someone else's (or nobody's) id.
     */
    public static String senderId(String id, String field) {
        if (id == null || id.isBlank()) {
            throw new RejectedItem.Invalid(field + " is missing");
        }
        if (id.length() > MAX_SENDER_ID) {
            throw new RejectedItem.Invalid(field + " is " + id.length() + " characters, longer than " + MAX_SENDER_ID);
        }
        return id;
    }

    /** The platform's message id as the dedupe key; one too long for the column is hashed, never cut (two cut ids could collide). */
    public static String eventKey(String key) {
        return key.length() <= MAX_EVENT_KEY ? key : "sha256:" + RejectedItem.sha256(key);
    }
}
