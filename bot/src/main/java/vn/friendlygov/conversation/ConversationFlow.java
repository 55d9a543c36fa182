package vn.friendlygov.conversation;

import java.util.Optional;

/**
 * A multi-step exchange (e.g. filing a complaint) that owns the conversation while
 * {@link Conversation#getFlow()} names it.
 */
public interface ConversationFlow {
    String name();

    /**
     * The next step for this message, or empty when the message is something else (a question):
     * the engine then answers it normally and appends {@link #reminder(Turn)}.
     */
    Optional<Outcome> resume(Turn turn);

    /** A short line that brings the resident back to where the flow stopped. */
    Reply reminder(Turn turn);
}
