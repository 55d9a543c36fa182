package vn.friendlygov.nlu;

import java.util.List;

/**
 * How sure the bot is of the best candidate: ANSWER, CLARIFY (ask "Ý anh/chị là…?" with the top
 * choices) or FALLBACK. A clear winner counts as sure even at a modest score: broad classes such
 * as complaints spread their probability over many words.
 */
public enum Band {
    ANSWER, CLARIFY, FALLBACK;

    /*
     * Calibrated on 2026-12-02 (Evaluate knowledge-base eval/questions-dev.tsv eval/questions-dev2.tsv: 237 in-scope
     * and 29 out-of-scope development questions, and 1,426 knowledge-base examples held out by 5-fold
     * cross-validation). The development sets cannot tell 0.25 from 0.40: every answer threshold there answers 229-232
     * right and 2 wrong. The held-out examples can: answering from 0.35 gains 15 right answers there for 13 more wrong
     * ones (wrong among answered 6.5 % → 7.5 %); from 0.45, 23 fewer right for 9 fewer wrong. A clarify threshold
     * of 0.26 or 0.30 turns clarifications into declines (held out: 47 → 68 / 90 declined) for 1-8 more
     * out-of-scope declines; a clear-winner ratio of 1.5 answers 21 more held-out examples, 7 of them wrong.
     * Chosen: 0.40 / 0.22 / 2.0. (Ranking alone; DialogueEngine also answers a procedure the message names.)
     */
    public static final double ANSWER_THRESHOLD = 0.40;
    public static final double CLARIFY_THRESHOLD = 0.22;
    /** The best must beat the runner-up by this factor to be answered below the answer threshold. */
    public static final double CLEAR_WINNER_RATIO = 2.0;

    public static Band of(List<Candidate> ranked) {
        return of(ranked, ANSWER_THRESHOLD, CLARIFY_THRESHOLD, CLEAR_WINNER_RATIO);
    }

    /** The same rule with other thresholds: the calibration curve ({@code vn.friendlygov.eval.Calibration}). */
    public static Band of(List<Candidate> ranked, double answer, double clarify, double clearWinnerRatio) {
        double top = ranked.get(0).score();
        double second = ranked.size() > 1 ? ranked.get(1).score() : 0;
        if (top >= answer || top >= clarify && top >= clearWinnerRatio * second) {
            return ANSWER;
        }
        return top >= clarify ? CLARIFY : FALLBACK;
    }
}
