package vn.friendlygov.conversation;

import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One message to the resident, with optional quick replies (rendered natively per channel). */
@Serdeable
public record Reply(String text, List<QuickReply> quickReplies) {
    public static Reply of(String text) {
        return new Reply(text, List.of());
    }

    @Serdeable
    public record QuickReply(String title, String payload) {
    }
}
