package vn.friendlygov.knowledge;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.BotSettings;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code knowledge-base/} and {@code templates/} live: {@code bot.content-dir} when set
 * (the Docker image sets it), otherwise the repository checkout the service runs from, found by
 * walking up from the working directory to the folder holding the parent pom. Never "whatever
 * the working directory is": start-up fails with a clear message instead.
 */
@Singleton
public class ContentDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(ContentDirectory.class);

    private final Path root;

    @Inject
    public ContentDirectory(BotSettings settings) {
        this(settings.getContentDir());
    }

    /** {@code configured}: bot.content-dir, or empty for the checkout (tools and benchmarks). */
    public ContentDirectory(String configured) {
        this.root = configured.isBlank() ? findCheckout() : Path.of(configured).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("knowledge-base")) || !Files.isDirectory(root.resolve("templates"))) {
            throw new IllegalStateException("bot.content-dir " + root + " must contain knowledge-base/ and templates/");
        }
        LOG.info("Content (knowledge-base/, templates/) read from {}", root);
    }

    private static Path findCheckout() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("knowledge-base"))
                    && Files.isDirectory(p.resolve("templates")) && Files.isDirectory(p.resolve("bot"))) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot find knowledge-base/ and templates/: run from the repository checkout "
                + "or set BOT_CONTENT_DIR (bot.content-dir) to the folder that holds them");
    }

    public Path knowledgeBase() {
        return root.resolve("knowledge-base");
    }

    public Path templates() {
        return root.resolve("templates");
    }
}
