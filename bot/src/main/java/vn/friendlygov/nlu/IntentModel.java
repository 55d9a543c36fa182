package vn.friendlygov.nlu;

import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trained understanding of one knowledge-base snapshot: an OpenNLP maximum-entropy document
 * categorizer over syllable features, combined with BM25 over each entry's title, keywords and
 * examples. Immutable and shared; OpenNLP's *ME classes are not thread-safe, so a categorizer is
 * made per call from the shared model (cheap: it only wraps the model).
 */
public final class IntentModel {
    /** Weight of the classifier's probability; the rest is the BM25 share. */
    private static final double CLASSIFIER_WEIGHT = 0.65;
    /** An information page ranked first at this score or above keeps its place against a named procedure. */
    static final double WHOLE_PAGE_MATCH = 0.9;
    /** Two procedures this close are a tie that the message's naming one of them decides. */
    static final double NEAR_TIE = 0.9;

    private final DoccatModel model;
    private final Bm25Index bm25;
    private final Analyzer analyzer;
    private final Map<String, Integer> bm25Position = new HashMap<>();
    /** Each class's keywords as " folded phrases ", to tell when a message names it. */
    private final Map<String, List<String>> keywordPhrases = new HashMap<>();

    private IntentModel(DoccatModel model, Bm25Index bm25, Analyzer analyzer) {
        this.model = model;
        this.bm25 = bm25;
        this.analyzer = analyzer;
        for (int i = 0; i < bm25.ids().size(); i++) {
            bm25Position.put(bm25.ids().get(i), i);
        }
    }

    public static IntentModel train(List<TrainingClass> classes) {
        Map<String, Integer> frequency = new HashMap<>();
        Analyzer plain = Analyzer.plain();
        for (TrainingClass c : classes) {
            for (String t : concat(c.texts(), c.keywords())) {
                plain.analyze(t).folded().forEach(w -> frequency.merge(w, 1, Integer::sum));
            }
        }
        Analyzer analyzer = new Analyzer(new Speller(frequency));

        List<DocumentSample> samples = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<List<String>> documents = new ArrayList<>();
        for (TrainingClass c : classes) {
            List<String> doc = new ArrayList<>();
            for (String t : c.texts()) {
                Analysis a = analyzer.analyze(t);
                samples.add(new DocumentSample(c.id(), a.features()));
                doc.addAll(a.terms());
            }
            for (String k : c.keywords()) {
                Analysis a = analyzer.analyze(k);
                samples.add(new DocumentSample(c.id(), a.features()));
                // Keywords are the words residents use for the entry: count them twice in the ranking.
                doc.addAll(a.terms());
                doc.addAll(a.terms());
            }
            ids.add(c.id());
            documents.add(doc);
        }
        TrainingParameters params = new TrainingParameters();
        params.put(TrainingParameters.ALGORITHM_PARAM, "MAXENT");
        params.put(TrainingParameters.ITERATIONS_PARAM, 200);
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        params.put(TrainingParameters.THREADS_PARAM, 1);
        params.put("PrintMessages", false);
        try {
            DoccatModel model = DocumentCategorizerME.train("vi", ObjectStreamUtils.createObjectStream(samples), params,
                    new DoccatFactory());
            IntentModel m = new IntentModel(model, new Bm25Index(ids, documents), analyzer);
            for (TrainingClass c : classes) {
                m.keywordPhrases.put(c.id(), c.keywords().stream().map(k -> analyzer.analyze(k).foldedText())
                        .filter(k -> k.strip().length() >= 4).toList());
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    public Analysis analyze(String text) {
        return analyzer.analyze(text);
    }

    /** True when the message contains one of the class's keywords ("căn cước" for can-cuoc). */
    public boolean names(Analysis analysis, String id) {
        return naming(analysis, id) > 0;
    }

    /** The length in letters of the longest of the class's keywords the message contains; 0 when none. */
    private int naming(Analysis analysis, String id) {
        int longest = 0;
        for (String k : keywordPhrases.getOrDefault(id, List.of())) {
            if (k.length() > longest && analysis.foldedText().contains(k)) {
                longest = k.length();
            }
        }
        return longest;
    }

    /**
     * A message that names a procedure by one of its keywords ("kết hôn", "căn cước") is about that
     * procedure even when something else ranks first on its other words, provided the procedure is
     * among the first three: an information page ("kết hôn lấy liền trong ngày" against the same-day
     * page, named or not: the page is about the unit, the question about the procedure), or an
     * out-of-scope topic, action or small talk that the message does not name, or names by a shorter
     * keyword than the procedure's. A procedure ranked first keeps its place unless it is not named
     * and a procedure almost as likely ({@link #NEAR_TIE}) is; so does a page the message matches almost wholly ("người khuyết tật
     * đăng ký cho cán bộ đến nhà nhận hồ sơ" is the home-service page, though it names khuyết tật).
     * Otherwise the first.
     */
    public Candidate preferNamed(Analysis analysis, List<Candidate> ranked, java.util.function.Predicate<String> isProcedure,
                                 java.util.function.Predicate<String> isInfo) {
        Candidate top = ranked.get(0);
        if (isProcedure.test(top.id())) {
            // Two procedures close together ("căn cước bị mất làm lại ở đâu": the re-registration of a
            // birth on "làm lại", căn cước on its name): the one the message names.
            if (names(analysis, top.id())) {
                return top;
            }
            for (int i = 1; i < Math.min(3, ranked.size()); i++) {
                Candidate c = ranked.get(i);
                if (isProcedure.test(c.id()) && c.score() >= NEAR_TIE * top.score() && names(analysis, c.id())) {
                    return c;
                }
            }
            return top;
        }
        if (isInfo.test(top.id()) && top.score() >= WHOLE_PAGE_MATCH) {
            return top;
        }
        // Named too: only a procedure named more precisely takes its place ("giấy xác nhận tình trạng
        // hôn nhân" after a divorce is that certificate, not the divorce the message also names).
        int topNaming = isInfo.test(top.id()) ? 0 : naming(analysis, top.id());
        for (int i = 1; i < Math.min(3, ranked.size()); i++) {
            Candidate c = ranked.get(i);
            if (isProcedure.test(c.id()) && naming(analysis, c.id()) > topNaming) {
                return c;
            }
        }
        return top;
    }

    /** Every class, best first, with the combined score. */
    public List<Candidate> rank(Analysis analysis) {
        DocumentCategorizerME categorizer = new DocumentCategorizerME(model);
        double[] p = categorizer.categorize(analysis.features());
        double[] b = bm25.score(analysis.terms());
        double ceiling = Math.max(bm25.ceiling(analysis.terms()), 1e-9);
        List<Candidate> out = new ArrayList<>(p.length);
        for (int i = 0; i < p.length; i++) {
            String id = categorizer.getCategory(i);
            double lexical = Math.min(1, b[bm25Position.get(id)] / ceiling);
            out.add(new Candidate(id, CLASSIFIER_WEIGHT * p[i] + (1 - CLASSIFIER_WEIGHT) * lexical));
        }
        out.sort(Comparator.comparingDouble(Candidate::score).reversed());
        return out;
    }
}
