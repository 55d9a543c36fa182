package vn.friendlygov.eval;

import java.util.List;
import java.util.Map;

/** Reads a POST /api/v1/chat response as an {@link Evaluation.Answer}. */
final class ChatResponses {
    /** The quick reply that closes the bot's "Ý anh/chị là…?" choices: its presence marks asking back. */
    static final String CLARIFY_CLOSER = "Không phải";

    private ChatResponses() {
    }

    static Evaluation.Answer answer(Map<?, ?> body) {
        String id = String.valueOf(((Map<?, ?>) body.get("match")).get("id"));
        boolean clarified = false;
        if (!"fallback".equals(id) && body.get("replies") instanceof List<?> replies) {
            for (Object r : replies) {
                if (r instanceof Map<?, ?> reply && reply.get("quickReplies") instanceof List<?> quick) {
                    for (Object q : quick) {
                        if (q instanceof Map<?, ?> m && CLARIFY_CLOSER.equals(m.get("title")) && "menu".equals(m.get("payload"))) {
                            clarified = true;
                        }
                    }
                }
            }
        }
        return new Evaluation.Answer(String.valueOf(body.get("conversationId")), id, clarified);
    }
}
