package vn.friendlygov.nlu;

import java.util.List;

/**
 * One class the classifier learns: a knowledge-base entry, an action, small talk, or an
 * out-of-scope topic. Out-of-scope classes are learnt but not ranked by BM25 ({@code rankable}).
 */
public record TrainingClass(String id, boolean rankable, List<String> texts, List<String> keywords) {
}
