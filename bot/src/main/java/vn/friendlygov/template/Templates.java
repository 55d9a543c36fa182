package vn.friendlygov.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Mustache.Visitor;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import vn.friendlygov.knowledge.ContentDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every text the service sends that is not a knowledge-base answer: the bot's own phrases
 * (templates/replies.yml) and letters. Each YAML file maps a name to a Mustache template; the
 * template's full name is "file.name" (e.g. "replies.greeting"). All compile at start-up (a
 * context bean: a broken file stops the start, before any resident is answered).
 *
 * <p>A template edited by an official ({@link #save}) is stored in the database
 * ({@link TemplateRevisions}) and from then on wins over its file: for the editing unit, or for
 * every unit when an administrator of every unit edits it. Every instance picks up another's edit
 * within {@code templates.refresh-interval} (5 s).
 */
@Context
public class Templates {
    private static final Logger LOG = LoggerFactory.getLogger(Templates.class);
    /** Plain text (no HTML escaping); an empty value counts as absent, so {{^x}} sections work. */
    public static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true).defaultValue("");
    private static final Pattern PARSE_LINE = Pattern.compile("@ line (\\d+)");

    /** One consistent set of templates from templates/: a reload replaces it whole, or not at all. */
    private record Loaded(Map<String, Template> templates, Map<String, String> sources, Map<String, String> files) {
    }

    /** An edited template in use; {@code unitCode} null: every unit's. */
    public record Edit(TemplateRevisions.Revision revision, Template template) {
    }

    private record EditKey(String name, @Nullable String unitCode) {
    }

    /**
     * Why a candidate text cannot be used: {@code line} counted from the text's first line (1-based),
     * {@code variable} the unknown name (null for a syntax error).
     */
    public static final class Problem extends RuntimeException {
        private final int line;
        private final String variable;

        Problem(int line, @Nullable String variable, String message) {
            super(message);
            this.line = line;
            this.variable = variable;
        }

        public int line() {
            return line;
        }

        @Nullable
        public String variable() {
            return variable;
        }
    }

    private final ContentDirectory content;
    private final Map<String, Set<String>> namespaces;
    private final Set<String> plainNames;
    private final TemplateRevisions revisions;
    private volatile Loaded loaded;
    private volatile Map<EditKey, Edit> edits = Map.of();
    private volatile long newestRevision = -1;

    public Templates(ContentDirectory content, Collection<TemplateNamespace> namespaces, TemplateRevisions revisions) {
        this.content = content;
        this.revisions = revisions;
        this.namespaces = namespaces.stream().collect(Collectors.toUnmodifiableMap(TemplateNamespace::name,
                TemplateNamespace::fields, (a, b) -> { throw new IllegalStateException("two template namespaces named the same"); }));
        this.plainNames = namespaces.stream().flatMap(n -> n.plainNames().stream()).collect(Collectors.toUnmodifiableSet());
        this.loaded = load();
        refresh();
    }

    /**
     * Reads templates/ again. A file with a syntax error or an unknown variable is refused with a
     * message naming the file and line ({@link TemplateException}); the templates in use stay.
     * Edited templates keep winning over their files.
     */
    public int reload() {
        Loaded fresh = load();
        loaded = fresh;
        return fresh.templates().size();
    }

    /**
     * Loads the edited templates when another instance (or this one) saved one since the last look.
     * The database may be down at start-up: the files serve until it is back.
     */
    @Scheduled(fixedDelay = "${templates.refresh-interval:5s}", initialDelay = "${templates.refresh-interval:5s}")
    public void refresh() {
        try {
            long newest = revisions.newestId();
            if (newest == newestRevision) {
                return;
            }
            Map<EditKey, Edit> fresh = new HashMap<>();
            for (TemplateRevisions.Revision r : revisions.current()) {
                try {
                    fresh.put(new EditKey(r.name(), r.unitCode()), new Edit(r, compile(r.source())));
                } catch (Problem e) {
                    // Checked when saved; a later change of the namespaces can still break it: the file serves.
                    LOG.error("Edited template {} (unit {}) no longer compiles, its file is used: {}", r.name(), r.unitCode(), e.getMessage());
                }
            }
            edits = Map.copyOf(fresh);
            newestRevision = newest;
        } catch (RuntimeException e) {
            LOG.warn("Edited templates not loaded (the files serve meanwhile): {}", e.toString());
        }
    }

    /**
     * Stores an official's text for a template of templates/ (after {@link #check}) with its audit
     * record; it is in use on this instance when this returns. {@code unitId}/{@code unitCode} null:
     * for every unit.
     */
    public void save(@Nullable Long unitId, @Nullable String unitCode, String name, String source, String author, Instant now) {
        if (!loaded.templates().containsKey(name)) {
            throw new IllegalArgumentException("no template named " + name);
        }
        check(source);
        revisions.save(unitId, name, source(name, unitCode), source, author, now);
        refresh();
    }

    private Loaded load() {
        Map<String, Template> templates = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Map<String, String> files = new HashMap<>();
        Path dir = content.templates();
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path file : all.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                String prefix = relative.replace('/', '.').replaceFirst("\\.yml$", "");
                load(prefix, "templates/" + relative, file, templates, sources, files);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Loaded(Map.copyOf(templates), Map.copyOf(sources), Map.copyOf(files));
    }

    private void load(String prefix, String shownName, Path file, Map<String, Template> templates, Map<String, String> sources,
                      Map<String, String> files) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Node doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new java.io.StringReader(text));
        } catch (RuntimeException e) {
            throw new TemplateException(shownName + ": not valid YAML: " + e.getMessage());
        }
        if (!(doc instanceof MappingNode map)) {
            throw new TemplateException(shownName + ": must map names to texts");
        }
        List<String> lines = text.lines().toList();
        for (NodeTuple entry : map.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode key) || !(entry.getValueNode() instanceof ScalarNode value)) {
                throw new TemplateException(shownName + " line " + (entry.getKeyNode().getStartMark().getLine() + 1)
                        + ": each entry must be a name and a text");
            }
            String name = prefix + "." + key.getValue();
            String source = value.getValue().strip();
            int line = value.getStartMark().getLine();
            Template template;
            try {
                template = MUSTACHE.compile(source);
            } catch (MustacheException e) {
                throw new TemplateException(shownName + " line " + (line + 1) + ": '" + key.getValue() + "' is not a valid template: "
                        + e.getMessage());
            }
            for (String variable : variables(template)) {
                String unknown = unknown(variable, false);
                if (unknown != null) {
                    throw new TemplateException(shownName + " line " + lineOf(lines, line, variable) + ": '" + key.getValue()
                            + "' uses {{" + variable + "}}, but " + unknown);
                }
            }
            templates.put(name, template);
            sources.put(name, source);
            files.put(name, shownName);
        }
    }

    /**
     * Checks an official's text as files are checked: Mustache syntax, and every name known to some
     * feature. A {@link Problem} says where, in Vietnamese.
     */
    public void check(String source) {
        compile(source);
    }

    private Template compile(String source) {
        Template template;
        try {
            template = MUSTACHE.compile(source);
        } catch (MustacheException e) {
            Matcher m = PARSE_LINE.matcher(String.valueOf(e.getMessage()));
            int line = m.find() ? Integer.parseInt(m.group(1)) : 1;
            throw new Problem(line, null, "Dòng " + line + ": sai cú pháp mẫu (" + e.getMessage() + ").");
        }
        List<String> lines = source.lines().toList();
        for (String variable : variables(template)) {
            String unknown = unknown(variable, true);
            if (unknown != null) {
                int line = lineOf(lines, 0, variable);
                throw new Problem(line, variable, "Dòng " + line + ": mẫu dùng {{" + variable + "}}, nhưng " + unknown + ".");
            }
        }
        return template;
    }

    /** Every name a template refers to, in sections and inverted sections too. */
    private static Set<String> variables(Template template) {
        Set<String> names = new LinkedHashSet<>();
        template.visit(new Visitor() {
            @Override public void visitText(String text) { }
            @Override public void visitVariable(String name) { names.add(name); }
            @Override public boolean visitInclude(String name) { names.add(name); return false; }
            @Override public boolean visitSection(String name) { names.add(name); return true; }
            @Override public boolean visitInvertedSection(String name) { names.add(name); return true; }
        });
        return names;
    }

    /** Why a name does not exist (in Vietnamese or, for the files' messages, English), or null when it does. */
    private String unknown(String variable, boolean vietnamese) {
        int dot = variable.indexOf('.');
        String head = dot < 0 ? variable : variable.substring(0, dot);
        Set<String> fields = namespaces.get(head);
        if (fields == null) {
            // A misspelt namespace ({{uint.name}}) renders empty like a misspelt field; a plain name's
            // own fields ({{items.code}}) are not declared, so only its head is checked.
            if (plainNames.contains(head)) {
                return null;
            }
            String known = String.join(", ", new TreeSet<>(plainNames));
            String spaces = String.join(", ", new TreeSet<>(namespaces.keySet()));
            return vietnamese ? "không có giá trị nào tên '" + head + "' (có: " + known + "; hoặc nhóm: " + spaces + ")"
                    : "no feature passes a value named '" + head + "' (known: " + known + ", or a namespace: " + spaces + ")";
        }
        if (dot < 0) {
            return null;
        }
        String field = variable.substring(dot + 1);
        if (fields.contains(field)) {
            return null;
        }
        String known = String.join(", ", new TreeSet<>(fields));
        return vietnamese ? "nhóm " + head + " không có '" + field + "' (có: " + known + ")"
                : head + " has no '" + field + "' (known: " + known + ")";
    }

    /** The line (1-based) where the text starting at {@code from} (0-based) mentions the variable. */
    private static int lineOf(List<String> lines, int from, String variable) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).matches(".*\\{\\{\\s*[#^/]?\\s*" + Pattern.quote(variable) + "\\s*}}.*")) {
                return i + 1;
            }
        }
        return from + 1;
    }

    public boolean has(String name) {
        return loaded.templates().containsKey(name);
    }

    /** Every template name, sorted. */
    public List<String> names() {
        return loaded.templates().keySet().stream().sorted().toList();
    }

    /**
     * Renders a template; a missing name is a programming error, caught by the start-up test. The
     * unit's edited text wins when the context carries {@code unit.code} (as {@code UnitContext} does).
     */
    public String render(String name, Object context) {
        Template t = template(name, unitCode(context));
        if (t == null) {
            throw new IllegalArgumentException("no template named " + name);
        }
        return t.execute(context).strip();
    }

    @Nullable
    private static String unitCode(Object context) {
        return context instanceof Map<?, ?> m && m.get("unit") instanceof Map<?, ?> u && u.get("code") instanceof String code ? code : null;
    }

    @Nullable
    private Template template(String name, @Nullable String unitCode) {
        return edit(name, unitCode).map(Edit::template).orElse(loaded.templates().get(name));
    }

    /** The edit in use for this unit (its own, else every unit's), if any. */
    public Optional<Edit> edit(String name, @Nullable String unitCode) {
        Map<EditKey, Edit> e = edits;
        Edit own = unitCode == null ? null : e.get(new EditKey(name, unitCode));
        return Optional.ofNullable(own != null ? own : e.get(new EditKey(name, null)));
    }

    /** The text of templates/ (deployment-wide, before any edit). */
    public String source(String name) {
        return loaded.sources().get(name);
    }

    /** The text in use for this unit (null: every unit's). */
    public String source(String name, @Nullable String unitCode) {
        return edit(name, unitCode).map(e -> e.revision().source()).orElse(loaded.sources().get(name));
    }

    /** The file a template comes from ("templates/letters/personal.yml"). */
    public String file(String name) {
        return loaded.files().get(name);
    }

    /** Renders a candidate text (checked like a save: a {@link Problem} when it cannot be used). */
    public String renderText(String source, Object context) {
        return compile(source).execute(context).strip();
    }

    /** The names a candidate text refers to ({@link Problem} when it cannot be used). */
    public Set<String> variablesOf(String source) {
        return variables(compile(source));
    }

    /** Does some feature pass this name ({@code "letter.name"}, {@code "max"})? */
    public boolean knows(String variable) {
        return unknown(variable, false) == null;
    }

    /** The names the text in use refers to. */
    public Set<String> variables(String name, @Nullable String unitCode) {
        Template t = template(name, unitCode);
        return t == null ? Set.of() : variables(t);
    }
}
