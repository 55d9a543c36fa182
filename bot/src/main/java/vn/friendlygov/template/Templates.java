package vn.friendlygov.template;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import vn.friendlygov.knowledge.ContentDirectory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every text the service sends that is not a knowledge-base answer: the bot's own phrases
 * (templates/replies.yml) and letters. Each YAML file maps a name to a Mustache template; the
 * template's full name is "file.name" (e.g. "replies.greeting"). All compile at start-up.
 */
@Singleton
public class Templates {
    /** Plain text (no HTML escaping); an empty value counts as absent, so {{^x}} sections work. */
    public static final Mustache.Compiler MUSTACHE = Mustache.compiler().escapeHTML(false).emptyStringIsFalse(true).defaultValue("");

    private final Map<String, Template> templates = new HashMap<>();
    private final Map<String, String> sources = new HashMap<>();

    public Templates(ContentDirectory content) {
        Path dir = content.templates();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                String prefix = dir.relativize(file).toString().replace('/', '.').replaceFirst("\\.yml$", "");
                load(prefix, file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load(String prefix, Path file) {
        Object doc;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalStateException("templates/" + file.getFileName() + ": must map names to texts");
        }
        map.forEach((k, v) -> {
            String name = prefix + "." + k;
            try {
                templates.put(name, MUSTACHE.compile(String.valueOf(v).strip()));
                sources.put(name, String.valueOf(v).strip());
            } catch (MustacheException e) {
                throw new IllegalStateException("templates/" + file.getFileName() + ": '" + k + "' is not a valid template: "
                        + e.getMessage());
            }
        });
    }

    public boolean has(String name) {
        return templates.containsKey(name);
    }

    /** Renders a template; a missing name is a programming error, caught by the start-up test. */
    public String render(String name, Object context) {
        Template t = templates.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no template named " + name);
        }
        return t.execute(context).strip();
    }

    public String source(String name) {
        return sources.get(name);
    }
}
