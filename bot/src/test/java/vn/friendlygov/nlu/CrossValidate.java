package vn.friendlygov.nlu;

import vn.friendlygov.knowledge.KnowledgeBase;
import vn.friendlygov.knowledge.KnowledgeLoader;
import vn.friendlygov.knowledge.KnowledgeService;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * K-fold cross-validation over the knowledge base's own examples (a tuning aid that does not look
 * at the development questions): CrossValidate KB_DIR [folds]. Prints top-1 accuracy and the share
 * of held-out examples that would be answered / clarified / sent to the fallback.
 */
public final class CrossValidate {
    public static void main(String[] args) {
        KnowledgeBase kb = KnowledgeLoader.load(Path.of(args[0]));
        int folds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<TrainingClass> all = KnowledgeService.trainingClassesFor(kb);
        java.util.Map<String, Integer> confusions = new java.util.TreeMap<>();
        int total = 0, correct = 0, answered = 0, answeredWrong = 0, clarified = 0, fellBack = 0, oosTotal = 0, oosOk = 0;
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
                List<Candidate> r = model.rank(model.analyze(t[1]));
                boolean oos = t[0].startsWith(KnowledgeService.OUT_OF_SCOPE);
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
                boolean ok = top.id().equals(t[0]);
                if (ok) {
                    correct++;
                } else {
                    confusions.merge(t[0] + " -> " + top.id(), 1, Integer::sum);
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
        }
        System.out.printf("in scope: top-1 %.1f%% (%d/%d); answered %.1f%% (wrong among answered %.1f%%), clarified %.1f%%, fallback %.1f%%%n",
                100.0 * correct / total, correct, total, 100.0 * answered / total, 100.0 * answeredWrong / Math.max(1, answered),
                100.0 * clarified / total, 100.0 * fellBack / total);
        confusions.entrySet().stream().filter(e -> e.getValue() > 1)
                .sorted((a, b) -> b.getValue() - a.getValue()).forEach(e -> System.out.println("  " + e.getKey() + ": " + e.getValue()));
        System.out.printf("out of scope: fallback %.1f%% (%d/%d)%n", 100.0 * oosOk / oosTotal, oosOk, oosTotal);
    }
}
