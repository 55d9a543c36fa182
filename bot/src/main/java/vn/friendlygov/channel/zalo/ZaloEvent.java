package vn.friendlygov.channel.zalo;

import vn.friendlygov.conversation.Inbound;

import java.util.List;

/**
 * A Zalo OA webhook event, typed by what it is. What a resident sent (user_send_*,
 * user_submit_info) is answered; follow and unfollow update the follower registry; the OA's own
 * oa_send_* echoes, receipts and events this service does not know are acknowledged and left alone.
 */
public sealed interface ZaloEvent {

    /** A resident's message, to be stored and answered. */
    sealed interface FromResident extends ZaloEvent {
        String sender();

        String oaId();

        String msgId();

        long timestamp();

        Inbound inbound();
    }

    record Text(String sender, String oaId, String msgId, long timestamp, String text) implements FromResident {
        public Inbound inbound() {
            return Inbound.text(text);
        }
    }

    /** Image, gif, sticker, file, audio, video, link, business card: kept as URLs, with any caption. */
    record Attachments(String sender, String oaId, String msgId, long timestamp, String text, List<Inbound.Attachment> attachments)
            implements FromResident {
        public Inbound inbound() {
            return new Inbound(text, null, attachments, null);
        }

        public String kind() {
            return attachments.get(0).type();
        }
    }

    record Location(String sender, String oaId, String msgId, long timestamp, double latitude, double longitude)
            implements FromResident {
        public Inbound inbound() {
            return new Inbound(null, null, List.of(), new Inbound.Location(latitude, longitude));
        }
    }

    /** The answer to a request_user_info form: the fields the resident chose to share. */
    record SubmitInfo(String sender, String oaId, String msgId, long timestamp, ZaloPayload.Info info) implements FromResident {
        public Inbound inbound() {
            StringBuilder s = new StringBuilder("Thông tin gửi kèm:");
            field(s, "name", info.name());
            field(s, "phone", info.phone());
            field(s, "address", info.address());
            field(s, "ward", info.ward());
            field(s, "district", info.district());
            field(s, "city", info.city());
            return Inbound.text(s.toString());
        }

        private static void field(StringBuilder s, String name, String value) {
            if (value != null) {
                s.append(' ').append(name).append(": ").append(value).append(';');
            }
        }
    }

    record Follow(String follower, String oaId, long timestamp, String source) implements ZaloEvent {
    }

    record Unfollow(String follower, String oaId, long timestamp, String source) implements ZaloEvent {
    }

    /** oa_send_*: the OA's own message (ours, or an official answering from Zalo's OA chat). */
    record Echo(String eventName, String oaId, String recipient, String msgId, String text) implements ZaloEvent {
    }

    /** user_received_message. */
    record Delivered(String user, String msgId) implements ZaloEvent {
    }

    /** user_seen_message: several message ids at once. */
    record Seen(String user, List<String> msgIds) implements ZaloEvent {
    }

    record Unknown(String eventName) implements ZaloEvent {
    }
}
