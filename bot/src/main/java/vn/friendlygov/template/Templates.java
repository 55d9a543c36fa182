package vn.friendlygov.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Mustache.Visitor;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.micronaut.context.annotation.Context;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every text the service sends that is not a knowledge-base answer: the bot's own phrases
 * (templates/replies.yml) and letters. Each YAML file maps a name to a Mustache template; the
 * template's full name is "file.name" (e.g. "replies.greeting"). All compile at start-up (a
 * context bean: a broken file stops the start, before any resident is answered).
 */
@Context
public class Templates {
    /** Plain text (no HTML escaping); an empty value counts as absent, so {{^x}} sections work. */
    public static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true).defaultValue("");

    /** One consistent set of templates: a reload replaces it whole, or not at all. */
    private record Loaded(Map<String, Template> templates, Map<String, String> sources) {
    }

    private final ContentDirectory content;
    private final Map<String, Set<String>> namespaces;
    private final Set<String> plainNames;
    private volatile Loaded loaded;

    public Templates(ContentDirectory content, Collection<TemplateNamespace> namespaces) {
        this.content = content;
        this.namespaces = namespaces.stream().collect(Collectors.toUnmodifiableMap(TemplateNamespace::name,
                TemplateNamespace::fields, (a, b) -> { throw new IllegalStateException("two template namespaces named the same"); }));
        this.plainNames = namespaces.stream().flatMap(n -> n.plainNames().stream()).collect(Collectors.toUnmodifiableSet());
        this.loaded = load();
    }

    /**
     * Reads templates/ again. A file with a syntax error or an unknown variable is refused with a
     * message naming the file and line ({@link TemplateException}); the templates in use stay.
     */
    public int reload() {
        Loaded fresh = load();
        loaded = fresh;
        return fresh.templates().size();
    }

    private Loaded load() {
        Map<String, Template> templates = new HashMap<>();
        Map<String, String> sources = new HashMap<>();
        Path dir = content.templates();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String relative = dir.relativize(file).toString().replace('\\', '/');
                String prefix = relative.replace('/', '.').replaceFirst("\\.yml$", "");
                load(prefix, "templates/" + relative, file, templates, sources);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Loaded(Map.copyOf(templates), Map.copyOf(sources));
    }

    private void load(String prefix, String shownName, Path file, Map<String, Template> templates, Map<String, String> sources) {
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
                String unknown = unknown(variable);
                if (unknown != null) {
                    throw new TemplateException(shownName + " line " + lineOf(lines, line, variable) + ": '" + key.getValue()
                            + "' uses {{" + variable + "}}, but " + unknown);
                }
            }
            templates.put(name, template);
            sources.put(name, source);
        }
    }

    /** Every name a template refers to, in sections and inverted sections too. */
    private static Set<String> variables(Template template) {
        Set<String> names = new java.util.LinkedHashSet<>();
        template.visit(new Visitor() {
            @Override public void visitText(String text) { }
            @Override public void visitVariable(String name) { names.add(name); }
            @Override public boolean visitInclude(String name) { names.add(name); return false; }
            @Override public boolean visitSection(String name) { names.add(name); return true; }
            @Override public boolean visitInvertedSection(String name) { names.add(name); return true; }
        });
        return names;
    }

    /** Why a name does not exist, or null when it does. */
    private String unknown(String variable) {
        int dot = variable.indexOf('.');
        String head = dot < 0 ? variable : variable.substring(0, dot);
        Set<String> fields = namespaces.get(head);
        if (fields == null) {
            // A misspelt namespace ({{uint.name}}) renders empty like a misspelt field; a plain name's
            // own fields ({{items.code}}) are not declared, so only its head is checked.
            return plainNames.contains(head) ? null
                    : "no feature passes a value named '" + head + "' (known: "
                    + String.join(", ", new java.util.TreeSet<>(plainNames)) + ", or a namespace: "
                    + String.join(", ", new java.util.TreeSet<>(namespaces.keySet())) + ")";
        }
        if (dot < 0) {
            return null;
        }
        String field = variable.substring(dot + 1);
        return fields.contains(field) ? null : variable.substring(0, dot) + " has no '" + field + "' (known: "
                + String.join(", ", new java.util.TreeSet<>(fields)) + ")";
    }

    /** The file line (1-based) where the value starting at {@code from} (0-based) mentions the variable. */
    private static int lineOf(List<String> lines, int from, String variable) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).matches(".*\\{\\{\\s*[#^/]?\\s*" + java.util.regex.Pattern.quote(variable) + "\\s*}}.*")) {
                return i + 1;
            }
        }
        return from + 1;
    }

    public boolean has(String name) {
        return loaded.templates().containsKey(name);
    }

    /** Renders a template; a missing name is a programming error, caught by the start-up test. */
    public String render(String name, Object context) {
        Template t = loaded.templates().get(name);
        if (t == null) {
            throw new IllegalArgumentException("no template named " + name);
        }
        return t.execute(context).strip();
    }

    public String source(String name) {
        return loaded.sources().get(name);
    }
}
