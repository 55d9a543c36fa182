package vn.friendlygov.eval;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores an evaluation file against whatever answers it. Two formats, told apart by the header:
 * single questions ("expected\tquestion") and two-turn follow-ups
 * ("expected_first\tfirst\texpected_second\tsecond", scored on the second turn, asked in the same
 * conversation). Every scored turn is one of: answered right, clarified (the bot asked back),
 * wrong (another answer) or declined (the fallback); an out-of-scope case (expected "fallback")
 * is right when declined.
 */
public final class Evaluation {
    /** One case: {@code first} is null for a single question. */
    public record Question(String expectedFirst, String first, String expected, String text) {
        public Question(String expected, String text) {
            this(null, null, expected, text);
        }
    }

    /** What the service did with one message. */
    public record Answer(String conversationId, String matchId, boolean clarified) {
    }

    /** Sends one message; {@code conversationId} is null for a new conversation. */
    @FunctionalInterface
    public interface Chat {
        Answer send(String conversationId, String text);
    }

    public enum Verdict { ANSWERED, CLARIFIED, WRONG, DECLINED }

    public record Result(int total, int correct, int outOfScope, int outOfScopeCorrect, Map<Verdict, Integer> inScope,
                         Map<String, Integer> confusions, List<String> misses) {
        /** Right without asking back (out-of-scope cases count when declined). */
        public double accuracy() {
            return total == 0 ? 0 : (double) correct / total;
        }

        public double outOfScopeAccuracy() {
            return outOfScope == 0 ? 1 : (double) outOfScopeCorrect / outOfScope;
        }

        public String report() {
            StringBuilder s = new StringBuilder();
            s.append(String.format("right without asking back: %d/%d = %.1f%%%n", correct, total, 100 * accuracy()));
            int in = total - outOfScope;
            s.append(String.format("in scope (%d): answered right %d, clarified %d, wrong %d, declined %d%n", in,
                    inScope.get(Verdict.ANSWERED), inScope.get(Verdict.CLARIFIED), inScope.get(Verdict.WRONG),
                    inScope.get(Verdict.DECLINED)));
            s.append(String.format("out of scope declined: %d/%d = %.1f%%%n", outOfScopeCorrect, outOfScope,
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

    /** A complaint file ("expected\tcomplaint"): scored against the complaint category classifier. */
    public static boolean isComplaintSet(Path file) throws IOException {
        String header = Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).findFirst().orElse("");
        return header.startsWith("expected\tcomplaint");
    }

    public static List<Question> read(Path file) throws IOException {
        List<Question> out = new ArrayList<>();
        boolean twoTurn = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts[0].equals("expected") || parts[0].equals("expected_first")) {
                twoTurn = parts[0].equals("expected_first");
                continue;
            }
            if (twoTurn && parts.length >= 4) {
                out.add(new Question(parts[0].strip(), parts[1].strip(), parts[2].strip(), parts[3].strip()));
            } else if (!twoTurn && parts.length >= 2) {
                out.add(new Question(parts[0].strip(), line.split("\t", 2)[1].strip()));
            }
        }
        return out;
    }

    public static Result run(List<Question> questions, Chat chat) {
        int correct = 0;
        int oos = 0;
        int oosCorrect = 0;
        Map<Verdict, Integer> inScope = new TreeMap<>();
        for (Verdict v : Verdict.values()) {
            inScope.put(v, 0);
        }
        Map<String, Integer> confusions = new TreeMap<>();
        List<String> misses = new ArrayList<>();
        for (Question q : questions) {
            String conversation = null;
            String prefix = "";
            if (q.first() != null) {
                Answer first = chat.send(null, q.first());
                conversation = first.conversationId();
                prefix = q.first() + " => ";
            }
            Answer a = chat.send(conversation, q.text());
            String got = a.clarified() ? "clarify:" + a.matchId() : a.matchId();
            boolean ok = q.expected().equals(a.matchId()) && !a.clarified();
            if (q.expected().equals("fallback")) {
                oos++;
                oosCorrect += ok ? 1 : 0;
            } else {
                Verdict v = a.clarified() ? Verdict.CLARIFIED : ok ? Verdict.ANSWERED
                        : "fallback".equals(a.matchId()) ? Verdict.DECLINED : Verdict.WRONG;
                inScope.merge(v, 1, Integer::sum);
            }
            if (ok) {
                correct++;
            } else {
                confusions.merge(q.expected() + " -> " + got, 1, Integer::sum);
                misses.add("[" + q.expected() + " -> " + got + "] " + prefix + q.text());
            }
        }
        return new Result(questions.size(), correct, oos, oosCorrect, inScope, confusions, misses);
    }
}
