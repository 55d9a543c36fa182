package vn.friendlygov.perf;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import vn.friendlygov.conversation.ProcedureAnswers;
import vn.friendlygov.knowledge.Aspect;
import vn.friendlygov.knowledge.ContentDirectory;
import vn.friendlygov.knowledge.EntryKind;
import vn.friendlygov.knowledge.KnowledgeEntry;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.nlu.Analysis;
import vn.friendlygov.nlu.AspectDetector;
import vn.friendlygov.nlu.Candidate;
import vn.friendlygov.nlu.IntentModel;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The in-process work for one resident message, without HTTP or the database: normalise and
 * analyse the text, detect the aspects asked about, rank every class (OpenNLP maxent + BM25) and
 * compose the answer text as DialogueEngine.answerProcedure does. Each invocation takes the next
 * question of a fixed list of 30, so the figure is an average over varied questions.
 *
 * <p>The knowledge base is loaded from the checkout's knowledge-base/ by KnowledgeService itself
 * (KnowledgeLoader, then IntentModel.train on the same training classes), found by walking up
 * from the working directory, or from -Dbot.content-dir=... (passed to the fork with -jvmArgs).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {
    private KnowledgeService.Snapshot kb;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        // No audit log: the benchmark never reloads, and only a reload is audited.
        kb = new KnowledgeService(new ContentDirectory(System.getProperty("bot.content-dir", "")), null, java.time.Clock.systemUTC()).current();
    }

    @Benchmark
    public String answer() {
        String question = ResidentQuestions.ALL.get(next);
        next = (next + 1) % ResidentQuestions.ALL.size();
        return answer(kb, question);
    }

    /** Returns the text that would be sent, or the matched class id when the match is not a procedure. */
    static String answer(KnowledgeService.Snapshot kb, String question) {
        IntentModel model = kb.model();
        Analysis analysis = model.analyze(question);
        List<Aspect> aspects = AspectDetector.detect(analysis);
        List<Candidate> ranked = model.rank(analysis);
        Candidate top = model.preferNamed(analysis, ranked, id -> kind(kb, id) == EntryKind.PROCEDURE, id -> kind(kb, id) == EntryKind.INFO);
        Optional<KnowledgeEntry> entry = kb.base().entry(top.id());
        if (entry.isPresent() && entry.get().kind() == EntryKind.PROCEDURE) {
            return ProcedureAnswers.compose(entry.get(), aspects, top.score()).replies().get(0).text();
        }
        // Info pages, intents and out-of-scope topics are answered from templates needing a unit
        // and a conversation; their classification cost is measured, their rendering is not.
        return top.id();
    }

    private static EntryKind kind(KnowledgeService.Snapshot kb, String id) {
        return kb.base().entry(id).map(KnowledgeEntry::kind).orElse(null);
    }
}
