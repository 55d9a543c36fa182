package vn.friendlygov.conversation;

import vn.friendlygov.knowledge.Aspect;
import vn.friendlygov.knowledge.KnowledgeEntry;

import java.util.List;

/**
 * Lets the benchmarks call {@link DialogueEngine#answerProcedure}, which is package-private: this
 * class sits in the same package (on the class path, not a module) so that bot/src/main needs no
 * change. answerProcedure reads none of the engine's collaborators, so the engine is built with none.
 */
public final class ProcedureAnswers {
    private static final DialogueEngine ENGINE = new DialogueEngine(null, null, null, List.of(), List.of());

    private ProcedureAnswers() {
    }

    /** The "no such figure" note is a template rendered with the unit's data; a fixed text of its length stands in. */
    private static final String NO_FIGURE = "Dạ, thông tin đã được rà soát của thủ tục này chưa có quy định về mức phạt, nên em không dám trả"
            + " lời chắc chắn. Anh/chị vui lòng hỏi Bộ phận Một cửa để được hướng dẫn chính xác ạ.";

    public static Outcome compose(KnowledgeEntry entry, List<Aspect> aspects, double confidence) {
        return ENGINE.answerProcedure(entry, aspects, confidence, a -> NO_FIGURE);
    }
}
