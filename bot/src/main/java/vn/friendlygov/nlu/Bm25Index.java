package vn.friendlygov.nlu;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Okapi BM25 over one document per knowledge-base entry (title, keywords, examples). */
public final class Bm25Index {
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final List<String> ids;
    /** term → the documents holding it and how often (parallel arrays): a query touches only those. */
    private final Map<String, int[][]> postings = new HashMap<>();
    private final double[] lengths;
    private final double averageLength;
    private final Map<String, Double> idf = new HashMap<>();
    private final double maxIdf;

    public Bm25Index(List<String> ids, List<List<String>> documents) {
        this.ids = List.copyOf(ids);
        List<Map<String, Integer>> termCounts = documents.stream().map(Bm25Index::count).toList();
        this.lengths = documents.stream().mapToDouble(List::size).toArray();
        this.averageLength = java.util.Arrays.stream(lengths).average().orElse(1);
        Map<String, List<int[]>> byTerm = new HashMap<>();
        for (int d = 0; d < termCounts.size(); d++) {
            for (Map.Entry<String, Integer> e : termCounts.get(d).entrySet()) {
                byTerm.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>()).add(new int[]{d, e.getValue()});
            }
        }
        int n = documents.size();
        byTerm.forEach((t, list) -> {
            postings.put(t, list.toArray(int[][]::new));
            idf.put(t, Math.log(1 + (n - list.size() + 0.5) / (list.size() + 0.5)));
        });
        maxIdf = idf.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    }

    private static Map<String, Integer> count(List<String> terms) {
        Map<String, Integer> m = new HashMap<>();
        terms.forEach(t -> m.merge(t, 1, Integer::sum));
        return m;
    }

    public List<String> ids() {
        return ids;
    }

    /** Scores of every document, in {@link #ids()} order. */
    public double[] score(List<String> queryTerms) {
        double[] scores = new double[ids.size()];
        for (String term : new java.util.HashSet<>(queryTerms)) {
            int[][] docs = postings.get(term);
            if (docs == null) {
                continue;
            }
            double w = idf.get(term);
            for (int[] p : docs) {
                int d = p[0];
                int tf = p[1];
                double norm = K1 * (1 - B + B * lengths[d] / averageLength);
                scores[d] += w * tf * (K1 + 1) / (tf + norm);
            }
        }
        return scores;
    }

    /**
     * The most a single document could score for this query: every distinct term once, words the
     * index has never seen weighted as the rarest known word. Scores divided by this say how much
     * of the question a document explains, so a lone generic phrase ("kết quả") cannot look sure.
     */
    public double ceiling(List<String> queryTerms) {
        double sum = 0;
        for (String term : new java.util.HashSet<>(queryTerms)) {
            sum += idf.getOrDefault(term, maxIdf);
        }
        return sum;
    }
}
