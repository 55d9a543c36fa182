package vn.friendlygov.nlu;

import java.util.List;

/**
 * Whether a message continues the conversation's current topic ("phí nhiêu vậy ad", "người khác đi
 * làm giùm được hông") or switches to another one ("còn khai tử thì sao"). A message switches only
 * when, read on its own, it is a confident match for something else; short messages that name
 * nothing clearly are read on the current topic.
 */
public final class FollowUp {
    /** A standalone match this sure of another class means the resident changed the subject. */
    public static final double SWITCH_SCORE = 0.40;
    /** Longer messages that match nothing well are new questions, not follow-ups. */
    static final int MAX_FOLLOW_UP_WORDS = 14;
    /** At most this many words, a message must name another topic to switch to it. */
    static final int SHORT_WORDS = 6;

    private FollowUp() {
    }

    /**
     * @param names       true when the message names a class by one of its keywords ("căn cước")
     * @param isInfo      true for information pages ("ngày trả nhanh"), which do not take over a
     *                    question that asks an aspect of the current procedure ("lấy trong ngày được hông")
     */
    public static boolean staysOnTopic(Analysis analysis, List<Candidate> ranked, String topicId,
                                       java.util.function.Predicate<String> names, java.util.function.Predicate<String> isInfo) {
        if (AspectDetector.isTopicless(analysis)) {
            return true;
        }
        Candidate top = ranked.get(0);
        if (top.id().equals(topicId)) {
            return true;
        }
        boolean asksAnAspect = !AspectDetector.detect(analysis).isEmpty();
        if (isInfo.test(top.id()) && asksAnAspect) {
            return true;
        }
        boolean named = names.test(top.id());
        // A short question on an aspect that names nothing ("có giá trị bao lâu z", "làm online được k")
        // asks about the current topic, however well its few words fit another entry's examples.
        boolean shortAndUnnamed = analysis.folded().size() <= SHORT_WORDS && !named && asksAnAspect;
        boolean confidentElsewhere = Band.of(ranked) == Band.ANSWER && !shortAndUnnamed
                && (top.score() >= SWITCH_SCORE || named);
        return !confidentElsewhere && analysis.folded().size() <= MAX_FOLLOW_UP_WORDS;
    }
}
