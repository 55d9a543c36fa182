package vn.friendlygov.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores a question file (TSV: expected id, question; header line "expected\tquestion") against
 * whatever answers it: top-1 accuracy, out-of-scope accuracy (expected "fallback"), the confusion
 * pairs and every miss.
 */
public final class Evaluation {
    public record Question(String expected, String text) {
    }

    public record Result(int total, int correct, int outOfScope, int outOfScopeCorrect,
                         Map<String, Integer> confusions, List<String> misses) {
        public double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }

        public double outOfScopeAccuracy() {
            return outOfScope == 0 ? 1 : (double) outOfScopeCorrect / outOfScope;
        }

        public String report() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("top-1 accuracy: %d/%d = %.1f%%%n", correct, total, 100 * accuracy()));
            s.append(String.format("out-of-scope answered with the fallback: %d/%d = %.1f%%%n", outOfScopeCorrect, outOfScope,
                    100 * outOfScopeAccuracy()));
            s.append("confusions (expected -> got: count):\n");
            confusions.forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append('\n'));
            s.append("misses:\n");
            misses.forEach(m -> s.append("  ").append(m).append('\n'));
            return s.toString();
        }
    }

    private Evaluation() {
    }

    public static List<Question> read(Path file) throws IOException {
        List<Question> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] parts = line.split("\t", 2);
            if (parts.length < 2 || parts[0].equals("expected") || line.isBlank()) {
                continue;
            }
            out.add(new Question(parts[0].strip(), parts[1].strip()));
        }
        return out;
    }

    /** {@code answer} returns the id the service matched (match.id). */
    public static Result run(List<Question> questions, Function<String, String> answer) {
        int correct = 0;
        int oos = 0;
        int oosCorrect = 0;
        Map<String, Integer> confusions = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Question q : questions) {
            String got = answer.apply(q.text());
            boolean ok = q.expected().equals(got);
            if (ok) {
                correct++;
            } else {
                confusions.merge(q.expected() + " -> " + got, 1, Integer::sum);
                misses.add("[" + q.expected() + " -> " + got + "] " + q.text());
            }
            if (q.expected().equals("fallback")) {
                oos++;
                oosCorrect += ok ? 1 : 0;
            }
        }
        return new Result(questions.size(), correct, oos, oosCorrect, confusions, misses);
    }
}
