package vn.friendlygov.nlu;

import vn.friendlygov.knowledge.KnowledgeBase;
import vn.friendlygov.knowledge.KnowledgeLoader;
import vn.friendlygov.knowledge.KnowledgeService;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the top candidates for questions (a tuning aid): RankDebug KB_DIR QUESTIONS_TSV|question… */
public final class RankDebug {
    public static void main(String[] args) throws Exception {
        KnowledgeBase kb = KnowledgeLoader.load(Path.of(args[0]));
        IntentModel model = IntentModel.train(KnowledgeService.trainingClassesFor(kb));
        List<String> lines = args[1].endsWith(".tsv") ? Files.readAllLines(Path.of(args[1])).stream().skip(1).toList()
                : List.of(args).subList(1, args.length);
        for (String line : lines) {
            String[] p = line.split("\t", 2);
            String expected = p.length == 2 ? p[0] : "?";
            String q = p.length == 2 ? p[1] : p[0];
            Analysis a = model.analyze(q);
            List<Candidate> r = model.rank(a);
            boolean ok = r.get(0).id().equals(expected) || expected.equals("fallback") && r.get(0).id().startsWith("oos:");
            System.out.printf("%s %-22s %.3f %-22s %.3f %-22s %.3f | %s%n", ok ? "  " : "XX", r.get(0).id(), r.get(0).score(),
                    r.get(1).id(), r.get(1).score(), r.get(2).id(), r.get(2).score(), expected + " :: " + q);
        }
    }
}
