package vn.friendlygov.conversation;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** One message to the resident, with optional quick replies (rendered natively per channel). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)   // "quickReplies": [] rather than absent: clients iterate it
public record Reply(String text, List<QuickReply> quickReplies) {
    public Reply {
        quickReplies = quickReplies == null ? List.of() : List.copyOf(quickReplies);   // absent in stored JSON when empty
    }

    public static Reply of(String text) {
        return new Reply(text, List.of());
    }

    @Serdeable
    public record QuickReply(String title, String payload) {
    }
}
