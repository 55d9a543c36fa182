package vn.friendlygov.knowledge;

import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import org.yaml.snakeyaml.LoaderOptions;
import vn.friendlygov.template.Templates;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and validates the knowledge-base folder. Any problem stops the load with a message that
 * names the file and the field, so a bad edit never reaches residents.
 */
public final class KnowledgeLoader {
    static final int MIN_EXAMPLES = 8;
    static final int MAX_SECTION = 600;
    private static final Set<String> PROCEDURE_FIELDS = Set.of("id", "kind", "title", "shortTitle", "code",
            "handledBy", "keywords", "examples", "answers", "legalBasis", "reviewed", "reviewNote", "catalogueId");
    private static final Set<String> INFO_FIELDS = Set.of("id", "kind", "title", "shortTitle", "keywords",
            "examples", "answers", "legalBasis", "reviewed", "reviewNote", "catalogueId");
    private static final Set<String> INTENT_FIELDS = Set.of("id", "kind", "title", "shortTitle", "keywords", "examples");

    private KnowledgeLoader() {
    }

    public static KnowledgeBase load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new KnowledgeBaseException("knowledge base folder not found: " + dir);
        }
        Map<String, KnowledgeEntry> entries = new LinkedHashMap<>();
        for (String folder : List.of("procedures", "info", "intents")) {
            for (Path file : yamlFiles(dir.resolve(folder))) {
                KnowledgeEntry entry = entry(dir, file, folder);
                if (entries.putIfAbsent(entry.id(), entry) != null) {
                    throw new KnowledgeBaseException(rel(dir, file) + ": field 'id': '" + entry.id() + "' is used twice");
                }
            }
        }
        if (entries.isEmpty()) {
            throw new KnowledgeBaseException(dir + ": no entries found (procedures/, info/, intents/)");
        }
        for (KnowledgeEntry e : entries.values()) {
            KnowledgeEntry topic = entries.get(e.catalogueId());
            if (topic == null || topic.kind() != e.kind() || !topic.catalogueId().equals(topic.id())) {
                throw new KnowledgeBaseException(e.source() + ": field 'catalogueId': '" + e.catalogueId()
                        + "' must be the id of another entry of the same kind that is reported under its own id");
            }
        }
        Path oos = dir.resolve("out-of-scope.yml");
        List<OutOfScopeTopic> topics = Files.exists(oos) ? outOfScope(dir, oos) : List.of();
        return new KnowledgeBase(dir, Map.copyOf(entries), topics);
    }

    private static List<Path> yamlFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new KnowledgeBaseException(folder + ": cannot be read: " + e.getMessage());
        }
    }

    private static KnowledgeEntry entry(Path dir, Path file, String folder) {
        Fields f = new Fields(rel(dir, file), read(dir, file));
        String fileId = file.getFileName().toString().replaceFirst("\\.yml$", "");
        String id = f.text("id");
        if (!id.equals(fileId)) {
            f.fail("id", "'" + id + "' must equal the file name '" + fileId + "'");
        }
        EntryKind kind = switch (folder) {
            case "procedures" -> f.expectKind(EntryKind.PROCEDURE);
            case "info" -> f.expectKind(EntryKind.INFO);
            default -> f.expectKind(EntryKind.ACTION, EntryKind.SMALLTALK);
        };
        f.onlyFields(kind == EntryKind.PROCEDURE ? PROCEDURE_FIELDS : kind == EntryKind.INFO ? INFO_FIELDS : INTENT_FIELDS);
        String title = f.text("title");
        String shortTitle = f.optionalText("shortTitle");
        if (shortTitle != null && shortTitle.length() > 20) {
            f.fail("shortTitle", "must be at most 20 characters (a quick-reply title)");
        }
        List<String> examples = f.list("examples", MIN_EXAMPLES);
        List<String> keywords = f.has("keywords") ? f.list("keywords", 1) : List.of();
        String summary = null;
        Map<Aspect, String> answers = Map.of();
        Template template = null;
        List<String> legal = List.of();
        LocalDate reviewed = null;
        String reviewNote = null;
        String catalogueId = id;
        String code = null;
        String handledBy = null;
        if (kind == EntryKind.PROCEDURE) {
            Fields a = f.child("answers");
            Set<String> sections = new java.util.HashSet<>(Set.of("summary"));
            for (Aspect aspect : Aspect.values()) {
                sections.add(aspect.key());
            }
            a.onlyFields(sections);
            summary = a.section("summary");
            Map<Aspect, String> m = new EnumMap<>(Aspect.class);
            for (Aspect aspect : Aspect.values()) {
                if (!aspect.optional() || a.has(aspect.key())) {
                    m.put(aspect, a.section(aspect.key()));
                }
            }
            answers = Map.copyOf(m);
            code = f.optionalText("code");
            handledBy = f.text("handledBy");
        }
        if (kind == EntryKind.INFO) {
            Fields a = f.child("answers");
            a.onlyFields(Set.of("main"));
            String main = a.text("main");
            try {
                template = Templates.MUSTACHE.compile(main);
            } catch (MustacheException e) {
                a.fail("main", "is not a valid template: " + e.getMessage());
            }
        }
        if (kind == EntryKind.PROCEDURE || kind == EntryKind.INFO) {
            legal = f.list("legalBasis", 1);
            reviewed = f.date("reviewed");
            reviewNote = f.optionalText("reviewNote");
            String reported = f.optionalText("catalogueId");
            if (reported != null) {
                catalogueId = reported;
            }
        }
        return new KnowledgeEntry(id, catalogueId, kind, title, shortTitle, code, handledBy, keywords, examples, summary, answers,
                template, legal, reviewed, reviewNote, f.file);
    }

    private static List<OutOfScopeTopic> outOfScope(Path dir, Path file) {
        Fields f = new Fields(rel(dir, file), read(dir, file));
        f.onlyFields(Set.of("topics"));
        Object raw = f.map.get("topics");
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            f.fail("topics", "must be a non-empty list");
            return List.of();
        }
        List<OutOfScopeTopic> topics = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                f.fail("topics[" + i + "]", "must be a map");
                continue;
            }
            Fields t = new Fields(f.file, m, "topics[" + i + "].");
            t.onlyFields(Set.of("id", "keywords", "examples", "redirect"));
            topics.add(new OutOfScopeTopic(t.text("id"), t.has("keywords") ? t.list("keywords", 1) : List.of(),
                    t.list("examples", 5), t.optionalText("redirect")));
        }
        return List.copyOf(topics);
    }

    private static Map<?, ?> read(Path dir, Path file) {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            if (!(doc instanceof Map<?, ?> map)) {
                throw new KnowledgeBaseException(rel(dir, file) + ": must be a YAML map of fields");
            }
            return map;
        } catch (YAMLException e) {
            throw new KnowledgeBaseException(rel(dir, file) + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new KnowledgeBaseException(rel(dir, file) + ": cannot be read: " + e.getMessage());
        }
    }

    private static String rel(Path dir, Path file) {
        return dir.getFileName() + "/" + dir.relativize(file);
    }

    /** Field access that names the file and the field in every error. */
    private static final class Fields {
        final String file;
        final Map<?, ?> map;
        final String prefix;

        Fields(String file, Map<?, ?> map) {
            this(file, map, "");
        }

        Fields(String file, Map<?, ?> map, String prefix) {
            this.file = file;
            this.map = map;
            this.prefix = prefix;
        }

        void fail(String field, String problem) {
            throw new KnowledgeBaseException(file + ": field '" + prefix + field + "' " + problem);
        }

        boolean has(String field) {
            return map.get(field) != null;
        }

        void onlyFields(Set<String> allowed) {
            for (Object key : map.keySet()) {
                if (!allowed.contains(String.valueOf(key))) {
                    fail(String.valueOf(key), "is not a known field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
                }
            }
        }

        String text(String field) {
            Object v = map.get(field);
            if (v == null) {
                fail(field, "is missing");
            }
            if (!(v instanceof String || v instanceof Number) || String.valueOf(v).isBlank()) {
                fail(field, "must be non-empty text");
            }
            return String.valueOf(v).strip();
        }

        String optionalText(String field) {
            return has(field) ? text(field) : null;
        }

        String section(String field) {
            String s = text(field);
            if (s.length() > MAX_SECTION) {
                fail(field, "is " + s.length() + " characters; keep it under " + MAX_SECTION + " (a phone screen)");
            }
            return s;
        }

        List<String> list(String field, int min) {
            Object v = map.get(field);
            if (v == null) {
                fail(field, "is missing");
            }
            if (!(v instanceof List<?> raw)) {
                fail(field, "must be a list");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                Object item = raw.get(i);
                if (!(item instanceof String || item instanceof Number) || String.valueOf(item).isBlank()) {
                    fail(field + "[" + i + "]", "must be non-empty text");
                }
                out.add(String.valueOf(item).strip());
            }
            if (out.size() < min) {
                fail(field, "has " + out.size() + " items; at least " + min + " are required");
            }
            return List.copyOf(out);
        }

        LocalDate date(String field) {
            Object v = map.get(field);
            if (v instanceof Date d) {
                return d.toInstant().atZone(java.time.ZoneOffset.UTC).toLocalDate();
            }
            try {
                return LocalDate.parse(text(field));
            } catch (java.time.format.DateTimeParseException e) {
                fail(field, "must be a date like 2026-11-20");
                return null;
            }
        }

        Fields child(String field) {
            Object v = map.get(field);
            if (!(v instanceof Map<?, ?> m)) {
                fail(field, v == null ? "is missing" : "must be a map");
                return null;
            }
            return new Fields(file, m, prefix + field + ".");
        }

        EntryKind expectKind(EntryKind... allowed) {
            String k = text("kind");
            for (EntryKind e : allowed) {
                if (e.apiName().equals(k)) {
                    return e;
                }
            }
            fail("kind", "'" + k + "' is not allowed in this folder");
            return null;
        }
    }
}
