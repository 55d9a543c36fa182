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

    public static Outcome compose(KnowledgeEntry entry, List<Aspect> aspects, double confidence) {
        return ENGINE.answerProcedure(entry, aspects, confidence);
    }
}
