package vn.friendlygov.knowledge;

import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.nlu.IntentModel;
import vn.friendlygov.nlu.TrainingClass;

import java.time.Clock;
import java.time.Instant;
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

    /** What administrators see of this instance's knowledge base: what is in force, since when, the last failed reload. */
    public record Status(int entries, int outOfScopeTopics, Instant loadedAt, @Nullable String lastError, @Nullable Instant lastErrorAt) {
    }

    private final ContentDirectory content;
    private final AuditLog audit;
    private final Clock clock;
    private volatile Snapshot current;
    private volatile Instant loadedAt;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public KnowledgeService(ContentDirectory content, AuditLog audit, Clock clock) {
        this.content = content;
        this.audit = audit;
        this.clock = clock;
        this.current = build();
        this.loadedAt = clock.instant();
    }

    public Snapshot current() {
        return current;
    }

    public Status status() {
        Snapshot s = current;
        return new Status(s.base().entries().size(), s.base().outOfScope().size(), loadedAt, lastError, lastErrorAt);
    }

    /** Reloads from disk; on failure the running snapshot stays and the exception says why. */
    public synchronized Snapshot reload() {
        Snapshot next;
        try {
            next = build();
        } catch (RuntimeException e) {
            lastError = String.valueOf(e.getMessage());
            lastErrorAt = clock.instant();
            throw e;
        }
        current = next;
        loadedAt = clock.instant();
        return next;
    }

    /**
     * A reload asked for by {@code actor} (the API and the console), audited either way; a refused
     * one changed nothing and answers 422 with the reason.
     */
    public Snapshot reloadBy(String actor) {
        try {
            Snapshot s = reload();
            audit.record(actor, null, "knowledge-base.reload", "knowledge-base", null,
                    audit.json("entries", s.base().entries().size(), "outOfScopeTopics", s.base().outOfScope().size()));
            return s;
        } catch (KnowledgeBaseException e) {
            audit.record(actor, null, "knowledge-base.reload-refused", "knowledge-base", null, audit.json("error", e.getMessage()));
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_knowledge_base",
                    "Không nạp lại được; cơ sở tri thức cũ vẫn đang dùng. " + e.getMessage());
        }
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
