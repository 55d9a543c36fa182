package vn.friendlygov.nlu;

/** A class and its combined score in [0, 1]. */
public record Candidate(String id, double score) {
}
