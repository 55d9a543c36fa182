package vn.friendlygov.channel.messenger;

import vn.friendlygov.conversation.Inbound;

import java.util.List;

/**
 * A Messenger messaging item, typed by what it is. Only what a resident sent (text, quick reply,
 * postback, attachments, location) is answered; echoes, receipts, the standby channel and kinds
 * this service does not know are acknowledged and left alone.
 */
public sealed interface MessengerEvent {

    /** What a resident sent, to be stored and answered. */
    sealed interface FromResident extends MessengerEvent {
        String sender();

        String mid();

        long timestamp();

        Inbound inbound();
    }

    record Text(String sender, String mid, long timestamp, String text) implements FromResident {
        public Inbound inbound() {
            return Inbound.text(text);
        }
    }

    record QuickReply(String sender, String mid, long timestamp, String text, String payload) implements FromResident {
        public Inbound inbound() {
            return Inbound.postback(payload);
        }
    }

    record Postback(String sender, String mid, long timestamp, String title, String payload) implements FromResident {
        public Inbound inbound() {
            return Inbound.postback(payload);
        }
    }

    /** Images, files, audio, video, stickers and shared links (kept as URLs), with any caption. */
    record Attachments(String sender, String mid, long timestamp, String text, List<Inbound.Attachment> attachments)
            implements FromResident {
        public Inbound inbound() {
            return new Inbound(text, null, attachments, null);
        }

        public String kind() {
            return attachments.get(0).type();
        }
    }

    record Location(String sender, String mid, long timestamp, double latitude, double longitude) implements FromResident {
        public Inbound inbound() {
            return new Inbound(null, null, List.of(), new Inbound.Location(latitude, longitude));
        }
    }

    /** The page's own send coming back; {@code appId} says which app (263902037430900: the Page Inbox). */
    record Echo(String recipient, String mid, Long appId, String metadata, String text) implements MessengerEvent {
    }

    record Delivery(String sender, List<String> mids, long watermark) implements MessengerEvent {
    }

    record Read(String sender, long watermark) implements MessengerEvent {
    }

    /** An item from {@code entry[].standby[]}: another app owns the thread, so this one stays quiet. */
    record Standby(MessengerEvent event) implements MessengerEvent {
    }

    /** A kind this service does not handle (reaction, referral, optin, message_edit, ...): acknowledged. */
    record Unknown(String sender, List<String> fields) implements MessengerEvent {
    }
}
