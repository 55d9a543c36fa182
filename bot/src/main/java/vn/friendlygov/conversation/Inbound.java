package vn.friendlygov.conversation;

import java.util.List;

/**
 * What a resident sent, the same for every channel: text, or the payload of a tapped quick reply,
 * plus attachments (kept as URLs) and a shared location.
 */
public record Inbound(String text, String postback, List<Attachment> attachments, Location location) {

    public static Inbound text(String text) {
        return new Inbound(text, null, List.of(), null);
    }

    public static Inbound postback(String payload) {
        return new Inbound(null, payload, List.of(), null);
    }

    public record Attachment(String type, String url) {
    }

    public record Location(double latitude, double longitude) {
    }
}
