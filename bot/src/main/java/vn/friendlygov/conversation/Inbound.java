package vn.friendlygov.conversation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * What a resident sent, the same for every channel: text, or the payload of a tapped quick reply,
 * plus attachments (kept as URLs) and a shared location.
 */
@Serdeable
public record Inbound(@Nullable String text, @Nullable String postback, List<Attachment> attachments, @Nullable Location location) {

    public Inbound {
        attachments = attachments == null ? List.of() : List.copyOf(attachments);   // absent in stored JSON when empty
    }

    public static Inbound text(String text) {
        return new Inbound(text, null, List.of(), null);
    }

    public static Inbound postback(String payload) {
        return new Inbound(null, payload, List.of(), null);
    }

    @Serdeable
    public record Attachment(String type, @Nullable String url) {
    }

    @Serdeable
    public record Location(double latitude, double longitude) {
    }
}
