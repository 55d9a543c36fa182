package vn.friendlygov.knowledge;

import io.micronaut.context.annotation.Context;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.nlu.IntentModel;
import vn.friendlygov.nlu.TrainingClass;

import java.util.ArrayList;
import java.util.List;

/**
 * The knowledge base in force and the model trained on it. Loaded at start-up (a broken file
 * stops the start); a reload swaps both at once, or keeps the old ones and reports the error.
 */
@Singleton
@Context
public class KnowledgeService {
    private static final Logger LOG = LoggerFactory.getLogger(KnowledgeService.class);
    /** Class id for out-of-scope topics in the model: "oos:" + topic id. */
    public static final String OUT_OF_SCOPE = "oos:";

    public record Snapshot(KnowledgeBase base, IntentModel model) {
    }

    private final ContentDirectory content;
    private volatile Snapshot current;

    public KnowledgeService(ContentDirectory content) {
        this.content = content;
        this.current = build();
    }

    public Snapshot current() {
        return current;
    }

    /** Reloads from disk; on failure the running snapshot stays and the exception says why. */
    public synchronized Snapshot reload() {
        Snapshot next = build();
        current = next;
        return next;
    }

    private Snapshot build() {
        long start = System.nanoTime();
        KnowledgeBase base = KnowledgeLoader.load(content.knowledgeBase());
        IntentModel model = IntentModel.train(trainingClassesFor(base));
        LOG.info("Knowledge base: {} entries, {} out-of-scope topics, model trained in {} ms",
                base.entries().size(), base.outOfScope().size(), (System.nanoTime() - start) / 1_000_000);
        return new Snapshot(base, model);
    }

    public static List<TrainingClass> trainingClassesFor(KnowledgeBase base) {
        List<TrainingClass> classes = new ArrayList<>();
        for (KnowledgeEntry e : base.all()) {
            List<String> texts = new ArrayList<>(e.examples());
            texts.add(e.title());
            classes.add(new TrainingClass(e.id(), texts, e.keywords()));
        }
        for (OutOfScopeTopic t : base.outOfScope()) {
            classes.add(new TrainingClass(OUT_OF_SCOPE + t.id(), t.examples(), t.keywords()));
        }
        // Deterministic training order whatever the file system lists first.
        classes.sort(java.util.Comparator.comparing(TrainingClass::id));
        return classes;
    }
}
