package vn.friendlygov.nlu;

import java.util.List;

/** One class the classifier learns and ranks: a knowledge-base entry, an action, small talk, or an out-of-scope topic. */
public record TrainingClass(String id, List<String> texts, List<String> keywords) {
}
