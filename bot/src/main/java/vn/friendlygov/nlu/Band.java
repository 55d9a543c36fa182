package vn.friendlygov.nlu;

import java.util.List;

/**
 * How sure the bot is of the best candidate: ANSWER, CLARIFY (ask "Ý anh/chị là…?" with the top
 * choices) or FALLBACK. A clear winner counts as sure even at a modest score: broad classes such
 * as complaints spread their probability over many words.
 */
public enum Band {
    ANSWER, CLARIFY, FALLBACK;

    public static final double ANSWER_THRESHOLD = 0.40;
    public static final double CLARIFY_THRESHOLD = 0.22;
    /** The best must beat the runner-up by this factor to be answered below the answer threshold. */
    public static final double CLEAR_WINNER_RATIO = 2.0;

    public static Band of(List<Candidate> ranked) {
        double top = ranked.get(0).score();
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        if (top >= ANSWER_THRESHOLD || top >= CLARIFY_THRESHOLD && top >= CLEAR_WINNER_RATIO * second) {
            return ANSWER;
        }
        return top >= CLARIFY_THRESHOLD ? CLARIFY : FALLBACK;
    }
}
