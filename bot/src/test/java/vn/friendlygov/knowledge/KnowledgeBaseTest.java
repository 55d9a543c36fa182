package vn.friendlygov.knowledge;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The repository's knowledge base (../knowledge-base from bot/) against the catalogue and
 * development questions kept in the repository (../eval from bot/), and the loader's refusal of broken files.
 */
class KnowledgeBaseTest {
    static final Path KB = Path.of("..", "knowledge-base");
    static final Path EVAL = Path.of("..", "eval");
    static final Pattern PHONE = Pattern.compile(
            "(?<![\\d.])(?:(?:\\+?84|0)(?:[\\s.-]?\\d){8,10}|1[89]00(?:[\\s.-]?\\d){4,6})(?![\\d])");

    static KnowledgeBase base;

    @BeforeAll
    static void load() {
        base = KnowledgeLoader.load(KB);
    }

    private static List<String[]> tsv(String name) {
        Path file = EVAL.resolve(name);
        if (!Files.isRegularFile(file)) {
            fail("missing " + file.toAbsolutePath().normalize() + ": the evaluation files are kept in the repository's eval/ folder "
                    + "(../eval from bot/)");
        }
        try {
            List<String[]> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (!line.isBlank()) {
                    rows.add(line.split("\t"));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void loadsEveryFolder() {
        Map<EntryKind, Long> byKind = new HashMap<>();
        base.all().forEach(e -> byKind.merge(e.kind(), 1L, Long::sum));
        for (EntryKind k : EntryKind.values()) {
            assertTrue(byKind.getOrDefault(k, 0L) > 0, "no " + k + " entries loaded: " + byKind);
        }
        assertTrue(!base.outOfScope().isEmpty(), "out-of-scope topics");
        base.all().forEach(e -> assertTrue(Files.isRegularFile(Path.of(KB.toString(), e.kind() == EntryKind.PROCEDURE ? "procedures"
                : e.kind() == EntryKind.INFO ? "info" : "intents", e.id() + ".yml")), e.id()));
    }

    @Test
    void everyCatalogueIdHasAnEntryOfThatKind() {
        List<String[]> rows = tsv("catalogue.tsv");
        assertTrue(rows.size() > 20, "catalogue looks truncated: " + rows.size());
        List<String> problems = new ArrayList<>();
        for (String[] row : rows) {
            String id = row[0].strip();
            String kind = row[1].strip();
            if (!List.of("procedure", "info", "action", "smalltalk").contains(kind)) {
                continue;
            }
            var entry = base.entry(id);
            if (entry.isEmpty()) {
                problems.add(id + ": no entry");
            } else if (!entry.get().kind().apiName().equals(kind)) {
                problems.add(id + ": kind " + entry.get().kind().apiName() + ", catalogue says " + kind);
            }
        }
        assertEquals(List.of(), problems);
    }

    /** match.id speaks the catalogue's vocabulary: an entry not in it details a catalogue topic and says which. */
    @Test
    void everyEntryIsReportedUnderACatalogueId() {
        java.util.Set<String> catalogue = new java.util.HashSet<>();
        tsv("catalogue.tsv").forEach(row -> catalogue.add(row[0].strip()));
        List<String> problems = new ArrayList<>();
        for (KnowledgeEntry e : base.all()) {
            if (!catalogue.contains(e.catalogueId())) {
                problems.add(e.id() + " is reported as '" + e.catalogueId() + "', not a catalogue id");
            }
        }
        assertEquals(List.of(), problems);
        assertEquals("cu-tru", base.entry("tam-vang").orElseThrow().catalogueId());
        assertEquals("khai-sinh", base.entry("khai-sinh").orElseThrow().catalogueId());
    }

    @Test
    void everyProcedureIsComplete() {
        List<KnowledgeEntry> procedures = base.all().stream().filter(e -> e.kind() == EntryKind.PROCEDURE).toList();
        assertTrue(procedures.size() >= 20, "procedures: " + procedures.size());
        for (KnowledgeEntry e : procedures) {
            assertNotBlank(e.summary(), e.id() + " summary");
            for (Aspect a : Aspect.values()) {
                if (!a.optional() || e.answers().containsKey(a)) {
                    assertNotBlank(e.answers().get(a), e.id() + " answers." + a.key());
                }
            }
            assertTrue(e.examples().size() >= 8, e.id() + " has " + e.examples().size() + " examples");
            assertTrue(!e.legalBasis().isEmpty() && e.legalBasis().stream().noneMatch(String::isBlank), e.id() + " legal basis");
            assertNotNull(e.reviewed(), e.id() + " reviewed");
            assertNotBlank(e.handledBy(), e.id() + " handledBy");
        }
    }

    @Test
    void infoEntriesHaveALegalBasisAndReviewDate() {
        base.all().stream().filter(e -> e.kind() == EntryKind.INFO).forEach(e -> {
            assertNotNull(e.infoTemplate(), e.id());
            assertTrue(!e.legalBasis().isEmpty(), e.id());
            assertNotNull(e.reviewed(), e.id());
        });
    }

    private static void assertNotBlank(String s, String what) {
        assertTrue(s != null && !s.isBlank(), what + " is blank");
    }

    @Test
    void policeProceduresSendResidentsToThePolice() {
        for (String id : List.of("cu-tru", "can-cuoc")) {
            KnowledgeEntry e = base.entry(id).orElseThrow();
            assertTrue(e.handledBy().contains("Công an"), id + " handledBy: " + e.handledBy());
            assertTrue(e.summary().contains("Công an"), id + " summary: " + e.summary());
            assertTrue(e.answers().get(Aspect.PLACE).contains("Công an"), id + " place: " + e.answers().get(Aspect.PLACE));
        }
    }

    @Test
    void noAnswerPublishesAPhoneNumber() throws IOException {
        List<String> found = new ArrayList<>();
        // Answers as the loader sees them ...
        for (KnowledgeEntry e : base.all()) {
            List<String> texts = new ArrayList<>();
            if (e.summary() != null) {
                texts.add(e.summary());
            }
            texts.addAll(e.answers().values());
            for (String t : texts) {
                var m = PHONE.matcher(t);
                while (m.find()) {
                    found.add(e.id() + ": " + m.group());
                }
            }
        }
        // ... and the raw answer texts of every file (info templates, out-of-scope redirects).
        try (Stream<Path> files = Files.walk(KB)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yml")).toList()) {
                Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(f));
                collectAnswers(f.getFileName().toString(), doc, false, found);
            }
        }
        assertEquals(List.of(), found, "phone numbers belong in the unit's data, not in reviewed answers");
        // the pattern itself recognises the usual ways of writing one
        for (String p : List.of("0912345678", "0912 345 678", "0912.345.678", "+84912345678", "1900 1234", "02253 123 456")) {
            assertTrue(PHONE.matcher("gọi " + p + " ạ").find(), p);
        }
    }

    private static void collectAnswers(String file, Object node, boolean inAnswer, List<String> found) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> collectAnswers(file, v, inAnswer || "answers".equals(k) || "redirect".equals(k), found));
        } else if (node instanceof List<?> l) {
            l.forEach(v -> collectAnswers(file, v, inAnswer, found));
        } else if (inAnswer && node != null) {
            var m = PHONE.matcher(String.valueOf(node));
            while (m.find()) {
                found.add(file + ": " + m.group());
            }
        }
    }

    /** NFC, lower case, diacritics stripped, đ→d, punctuation removed, spaces collapsed. */
    static String normalise(String s) {
        String t = Normalizer.normalize(s, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}+", "").replace('đ', 'd');
        t = t.replaceAll("[^\\p{L}\\p{N}\\s]+", " ");
        return t.replaceAll("\\s+", " ").strip();
    }

    @Test
    void normaliseIsAsSpecified() {
        assertEquals("dang ky khai sinh can gi", normalise("  Đăng ký KHAI SINH,   cần gì?? "));
        assertEquals(normalise("hoà giải"), normalise(Normalizer.normalize("Hòa giải!", Normalizer.Form.NFD)));
    }

    /** Required by the issue: no development question (of any of the three sets) is a training example. */
    @Test
    void noExampleIsADevelopmentQuestion() {
        List<String[]> questions = tsv("questions-dev.tsv");
        assertTrue(questions.size() >= 50, "questions-dev.tsv looks truncated: " + questions.size());
        Map<String, String> dev = new HashMap<>();
        for (String[] q : questions) {
            dev.put(normalise(q[1]), q[1]);
        }
        for (String[] q : tsv("questions-dev2.tsv")) {
            dev.put(normalise(q[1]), q[1]);
        }
        for (String[] q : tsv("followups-dev.tsv")) {
            dev.put(normalise(q[1]), q[1]);
            dev.put(normalise(q[3]), q[3]);
        }
        List<String> leaks = new ArrayList<>();
        for (KnowledgeEntry e : base.all()) {
            for (String ex : e.examples()) {
                if (dev.containsKey(normalise(ex))) {
                    leaks.add(e.id() + ": \"" + ex + "\"");
                }
            }
            for (String k : e.keywords()) {
                if (dev.containsKey(normalise(k))) {
                    leaks.add(e.id() + " keyword: \"" + k + "\"");
                }
            }
        }
        for (OutOfScopeTopic t : base.outOfScope()) {
            for (String ex : t.examples()) {
                if (dev.containsKey(normalise(ex))) {
                    leaks.add("out-of-scope " + t.id() + ": \"" + ex + "\"");
                }
            }
        }
        assertEquals(List.of(), leaks, "development questions copied into the knowledge base");
    }

    // --- broken copies ---------------------------------------------------------------------------

    @TempDir
    Path tmp;

    private Path brokenCopy(String file, UnaryOperator<String> edit) throws IOException {
        Path copy = tmp.resolve("knowledge-base");
        try (Stream<Path> all = Files.walk(KB)) {
            for (Path p : all.toList()) {
                Path target = copy.resolve(KB.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        Path f = copy.resolve(file);
        String before = Files.readString(f, StandardCharsets.UTF_8);
        String after = edit.apply(before);
        assertTrue(!after.equals(before), "the edit changed nothing in " + file);
        Files.writeString(f, after, StandardCharsets.UTF_8);
        return copy;
    }

    private String failure(Path copy) {
        return assertThrows(KnowledgeBaseException.class, () -> KnowledgeLoader.load(copy)).getMessage();
    }

    private static void assertNames(String message, String... parts) {
        for (String p : parts) {
            assertTrue(message.contains(p), "message should name " + p + ": " + message);
        }
    }

    @Test
    void theUntouchedCopyLoads() throws IOException {
        Path copy = brokenCopy("procedures/khai-sinh.yml", s -> s + "\n");
        assertEquals(base.entries().keySet(), KnowledgeLoader.load(copy).entries().keySet());
    }

    @Test
    void aCatalogueIdThatIsNoEntryIsRefused() throws IOException {
        Path copy = brokenCopy("procedures/tam-vang.yml", s -> s.replace("catalogueId: cu-tru", "catalogueId: cu-tru-cu"));
        assertNames(failure(copy), "procedures/tam-vang.yml", "catalogueId", "cu-tru-cu");
    }

    @Test
    void aCatalogueIdChainIsRefused() throws IOException {
        // giam-ho reported under tam-vang, which is itself reported under cu-tru: one hop only.
        Path copy = brokenCopy("procedures/giam-ho.yml", s -> s.replaceFirst("(?m)^kind: procedure$", "kind: procedure\ncatalogueId: tam-vang"));
        assertNames(failure(copy), "procedures/giam-ho.yml", "catalogueId", "tam-vang");
    }

    @Test
    void missingFeeAnswer() throws IOException {
        Path copy = brokenCopy("procedures/khai-sinh.yml", s -> s.replaceFirst("(?m)^  fee: .*\\n(?:    .*\\n)*", ""));
        assertNames(failure(copy), "procedures/khai-sinh.yml", "answers.fee", "missing");
    }

    @Test
    void idDifferentFromTheFileName() throws IOException {
        Path copy = brokenCopy("procedures/ket-hon.yml", s -> s.replaceFirst("(?m)^id: .*$", "id: ket-hon-2"));
        assertNames(failure(copy), "procedures/ket-hon.yml", "'id'", "ket-hon-2");
    }

    @Test
    void unknownField() throws IOException {
        Path copy = brokenCopy("procedures/khai-tu.yml", s -> s + "\ncolour: red\n");
        assertNames(failure(copy), "procedures/khai-tu.yml", "colour", "not a known field");
    }

    @Test
    void unknownFieldInsideAnswers() throws IOException {
        Path copy = brokenCopy("procedures/khai-tu.yml", s -> s.replaceFirst("(?m)^answers:\\n", "answers:\n  price: \"10.000 đồng\"\n"));
        assertNames(failure(copy), "procedures/khai-tu.yml", "answers.price");
    }

    @Test
    void badYaml() throws IOException {
        Path copy = brokenCopy("info/duong-day-nong.yml", s -> s.replaceFirst("(?m)^title:", "title: [unclosed\ntitle:"));
        assertNames(failure(copy), "info/duong-day-nong.yml", "YAML");
    }

    @Test
    void infoTemplateWithBadMustache() throws IOException {
        Path copy = brokenCopy("info/dia-chi-gio-lam-viec.yml", s -> s.replaceFirst("(?m)^  main: \\|-\\n",
                "  main: |-\n    {{#unit.address}} never closed\n"));
        assertNames(failure(copy), "info/dia-chi-gio-lam-viec.yml", "answers.main", "template");
    }
}
