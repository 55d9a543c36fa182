package vn.friendlygov.eval;

import vn.friendlygov.knowledge.KnowledgeBase;
import vn.friendlygov.knowledge.KnowledgeLoader;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.nlu.Band;
import vn.friendlygov.nlu.Candidate;
import vn.friendlygov.nlu.IntentModel;
import vn.friendlygov.nlu.TrainingClass;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * K-fold cross-validation over the knowledge base's own examples (a figure that does not look at
 * the development questions): {@code Evaluate KB_DIR [folds]}. Example i of each class is held out
 * in fold i mod k; the model is trained on the rest. Prints top-1 accuracy and the share of held-out
 * examples that would be answered / clarified / sent to the fallback.
 */
public final class CrossValidation {
    private CrossValidation() {
    }

    /** A held-out example: its class ("oos:…" for an out-of-scope topic) and the ranking of a model trained without it. */
    public record HeldOut(String expected, List<Candidate> ranked) {
    }

    /** Example i of each class is held out in fold i mod k and ranked by a model trained on the other folds. */
    public static List<HeldOut> heldOut(KnowledgeBase kb, int folds) {
        List<TrainingClass> all = KnowledgeService.trainingClassesFor(kb);
        List<HeldOut> out = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            List<TrainingClass> train = new ArrayList<>();
            List<String[]> test = new ArrayList<>();
            for (TrainingClass c : all) {
                List<String> keep = new ArrayList<>();
                for (int i = 0; i < c.texts().size(); i++) {
                    if (i % folds == f) {
                        test.add(new String[]{c.id(), c.texts().get(i)});
                    } else {
                        keep.add(c.texts().get(i));
                    }
                }
                train.add(new TrainingClass(c.id(), keep, c.keywords()));
            }
            IntentModel model = IntentModel.train(train);
            for (String[] t : test) {
                out.add(new HeldOut(t[0], model.rank(model.analyze(t[1]))));
            }
        }
        return out;
    }

    public static String report(Path knowledgeBase, int folds) {
        KnowledgeBase kb = KnowledgeLoader.load(knowledgeBase);
        StringBuilder out = new StringBuilder();
        java.util.Map<String, Integer> confusions = new java.util.TreeMap<>();
        int total = 0, correct = 0, answered = 0, answeredWrong = 0, clarified = 0, fellBack = 0, oosTotal = 0, oosOk = 0;
        for (HeldOut h : heldOut(kb, folds)) {
            String expected = h.expected();
            List<Candidate> r = h.ranked();
            boolean oos = expected.startsWith(KnowledgeService.OUT_OF_SCOPE);
            Candidate top = r.get(0);
            boolean topOos = top.id().startsWith(KnowledgeService.OUT_OF_SCOPE);
            Band band = Band.of(r);
            if (oos) {
                oosTotal++;
                if (topOos || band == Band.FALLBACK) {
                    oosOk++;
                }
                continue;
            }
            total++;
            boolean ok = top.id().equals(expected);
            if (ok) {
                correct++;
            } else {
                confusions.merge(expected + " -> " + top.id(), 1, Integer::sum);
            }
            if (topOos || band == Band.FALLBACK) {
                fellBack++;
            } else if (band == Band.ANSWER) {
                answered++;
                if (!ok) {
                    answeredWrong++;
                }
            } else {
                clarified++;
            }
        }
        out.append(String.format("%d-fold cross-validation over the knowledge base's examples%n", folds));
        out.append(String.format("in scope: top-1 %.1f%% (%d/%d); answered %.1f%% (wrong among answered %.1f%%), clarified %.1f%%, fallback %.1f%%%n",
                100.0 * correct / total, correct, total, 100.0 * answered / total, 100.0 * answeredWrong / Math.max(1, answered),
                100.0 * clarified / total, 100.0 * fellBack / total));
        confusions.entrySet().stream().filter(e -> e.getValue() > 1)
                .sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> out.append("  ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        out.append(String.format("out of scope: fallback %.1f%% (%d/%d)%n", 100.0 * oosOk / oosTotal, oosOk, oosTotal));
        return out.toString();
    }
}
