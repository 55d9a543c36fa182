package vn.friendlygov.eval;

import vn.friendlygov.knowledge.KnowledgeBase;
import vn.friendlygov.knowledge.KnowledgeLoader;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.nlu.Band;
import vn.friendlygov.nlu.Candidate;
import vn.friendlygov.nlu.IntentModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The confidence curve, in this process: for each answer threshold, clarify threshold and
 * clear-winner ratio ({@link Band}), how many questions would be answered right, answered wrong,
 * asked back or declined, and how many out-of-scope ones declined — on development questions
 * ({@code Evaluate KB_DIR QUESTIONS.tsv…}, single questions only: follow-ups need the conversation)
 * and on the knowledge base's own examples held out by 5-fold cross-validation, whose share of
 * wrong answers the development sets are too small to show.
 */
public final class Calibration {
    private static final double[] ANSWER = {0.25, 0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60};
    private static final double[] CLARIFY = {0.15, 0.18, 0.22, 0.26, 0.30};
    private static final double[] RATIO = {1.5, 2.0, 2.5, 3.0};

    private Calibration() {
    }

    public static String report(Path knowledgeBase, List<Path> files) throws IOException {
        KnowledgeBase kb = KnowledgeLoader.load(knowledgeBase);
        IntentModel model = IntentModel.train(KnowledgeService.trainingClassesFor(kb));
        List<CrossValidation.HeldOut> dev = new ArrayList<>();
        for (Path f : files) {
            for (Evaluation.Question q : Evaluation.read(f)) {
                if (q.first() == null) {
                    dev.add(new CrossValidation.HeldOut(q.expected(), model.rank(model.analyze(q.text()))));
                }
            }
        }
        List<CrossValidation.HeldOut> heldOut = CrossValidation.heldOut(kb, 5);
        StringBuilder out = new StringBuilder(String.format("calibration on %d development questions of %s and %d held-out examples%n",
                dev.size(), files, heldOut.size()));
        out.append("answer clarify ratio | development: right wrong clarified declined, out of scope declined"
                + " | held out: right wrong clarified declined, out of scope declined\n");
        for (double a : ANSWER) {
            for (double c : CLARIFY) {
                for (double r : RATIO) {
                    if (c >= a) {
                        continue;
                    }
                    boolean current = a == Band.ANSWER_THRESHOLD && c == Band.CLARIFY_THRESHOLD && r == Band.CLEAR_WINNER_RATIO;
                    out.append(String.format("%.2f   %.2f    %.1f   | %s | %s%s%n", a, c, r, counts(dev, a, c, r),
                            counts(heldOut, a, c, r), current ? "   <- in force" : ""));
                }
            }
        }
        return out.toString();
    }

    private static String counts(List<CrossValidation.HeldOut> rows, double a, double c, double r) {
        int right = 0, wrong = 0, clarified = 0, declined = 0, oos = 0, oosDeclined = 0;
        for (CrossValidation.HeldOut row : rows) {
            Candidate top = row.ranked().get(0);
            Band band = top.id().startsWith(KnowledgeService.OUT_OF_SCOPE) ? Band.FALLBACK : Band.of(row.ranked(), a, c, r);
            if (row.expected().equals("fallback") || row.expected().startsWith(KnowledgeService.OUT_OF_SCOPE)) {
                oos++;
                oosDeclined += band == Band.FALLBACK ? 1 : 0;
            } else if (band == Band.ANSWER) {
                if (top.id().equals(row.expected())) {
                    right++;
                } else {
                    wrong++;
                }
            } else if (band == Band.CLARIFY) {
                clarified++;
            } else {
                declined++;
            }
        }
        return String.format("%5d %5d %5d %5d, %d/%d", right, wrong, clarified, declined, oosDeclined, oos);
    }
}
