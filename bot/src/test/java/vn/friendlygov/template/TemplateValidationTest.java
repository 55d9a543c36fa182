package vn.friendlygov.template;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A misspelt placeholder ({{unit.hotlne}}) in templates/ is refused, naming the file and the line, at
 * start-up and at reload, instead of rendering an empty hotline to residents.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateValidationTest implements TestPropertyProvider {
    static final String RELOAD = "/api/v1/admin/templates/reload";

    final Path content = copyOfContent();

    @Inject @Client("/") HttpClient client;
    @Inject Templates templates;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("bot.content-dir", content.toString());
    }

    /** The repository's knowledge base and templates, in a folder this test may spoil. */
    static Path copyOfContent() {
        try {
            Path dir = Files.createTempDirectory("content-");
            for (String sub : List.of("knowledge-base", "templates")) {
                Path from = Path.of("..", sub);
                try (Stream<Path> files = Files.walk(from)) {
                    for (Path f : files.toList()) {
                        Path to = dir.resolve(sub).resolve(from.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(to);
                        } else {
                            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Misspells the first {{unit.hotline}} of replies.yml; returns its line (1-based). */
    static int misspell(Path content) throws IOException {
        Path file = content.resolve("templates/replies.yml");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("#") && lines.get(i).contains("{{unit.hotline}}")) {
                lines.set(i, lines.get(i).replaceFirst("\\{\\{unit\\.hotline}}", "{{unit.hotlne}}"));
                Files.write(file, lines, StandardCharsets.UTF_8);
                return i + 1;
            }
        }
        throw new AssertionError("no {{unit.hotline}} in " + file);
    }

    @Test
    void aMisspeltPlaceholderStopsTheStartNamingTheFileAndLine() throws IOException {
        Path spoilt = copyOfContent();
        int line = misspell(spoilt);
        ApplicationContext ctx = ApplicationContext.builder().environments("test").properties(Map.of(
                "bot.content-dir", spoilt.toString(), "outbox.dispatcher.enabled", "false", "tickets.scheduler.enabled", "false")).build();
        RuntimeException e;
        try {
            e = assertThrows(RuntimeException.class, ctx::start);
        } finally {
            ctx.close();   // a failed start leaves its beans running otherwise
        }
        StringBuilder m = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause()) {
            m.append(c.getMessage()).append(" | ");
        }
        assertTrue(m.toString().contains("templates/replies.yml line " + line + ": ") && m.toString().contains("{{unit.hotlne}}")
                && m.toString().contains("unit has no 'hotlne'"), m.toString());
    }

    @Test
    void aMisspeltPlaceholderIsRefusedAtReloadAndTheTemplatesInUseStay() throws IOException {
        String before = templates.source("replies.fallback_again");
        assertTrue(before.contains("{{unit.hotline}}"), before);
        int line = misspell(content);
        try {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                    .exchange(HttpRequest.POST(RELOAD, "").basicAuth("admin", "test-admin-secret"), String.class));
            assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
            Map<?, ?> body = e.getResponse().getBody(Map.class).orElseThrow();
            assertEquals("invalid_template", body.get("error"));
            String message = (String) body.get("message");
            assertTrue(message.startsWith("Không nạp lại được mẫu tin nhắn") && message.contains("templates/replies.yml line " + line)
                    && message.contains("{{unit.hotlne}}"), message);
            assertEquals(before, templates.source("replies.fallback_again"), "the old templates stay");
        } finally {
            Files.copy(Path.of("..", "templates", "replies.yml"), content.resolve("templates/replies.yml"), StandardCopyOption.REPLACE_EXISTING);
        }
        HttpResponse<Map> ok = client.toBlocking().exchange(HttpRequest.POST(RELOAD, "").basicAuth("admin", "test-admin-secret"), Map.class);
        assertEquals(HttpStatus.OK, ok.getStatus());
        assertTrue(((Number) ok.body().get("templates")).intValue() > 10, ok.body().toString());
    }

    @Test
    void aMisspeltPlainNameIsRefusedAtReload() throws IOException {
        Path file = content.resolve("templates/tickets.yml");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int line = -1;
        for (int i = 0; i < lines.size() && line < 0; i++) {
            if (lines.get(i).contains("{{max}}")) {
                lines.set(i, lines.get(i).replaceFirst("\\{\\{max}}", "{{mxa}}"));
                line = i + 1;
            }
        }
        assertTrue(line > 0, "tickets.yml uses {{max}}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                    .exchange(HttpRequest.POST(RELOAD, "").basicAuth("admin", "test-admin-secret"), String.class));
            assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
            String message = (String) e.getResponse().getBody(Map.class).orElseThrow().get("message");
            assertTrue(message.contains("templates/tickets.yml line " + line) && message.contains("{{mxa}}")
                    && message.contains("no feature passes a value named 'mxa'"), message);
        } finally {
            Files.copy(Path.of("..", "templates", "tickets.yml"), file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aMisspeltNamespaceIsRefusedAtReload() throws IOException {
        Path file = content.resolve("templates/tickets.yml");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int line = -1;
        for (int i = 0; i < lines.size() && line < 0; i++) {
            if (!lines.get(i).startsWith("#") && lines.get(i).contains("{{t.code}}")) {
                lines.set(i, lines.get(i).replaceFirst("\\{\\{t\\.code}}", "{{tt.code}}"));
                line = i + 1;
            }
        }
        assertTrue(line > 0, "tickets.yml uses {{t.code}}");
        Files.write(file, lines, StandardCharsets.UTF_8);
        try {
            HttpClientResponseException e = assertThrows(HttpClientResponseException.class, () -> client.toBlocking()
                    .exchange(HttpRequest.POST(RELOAD, "").basicAuth("admin", "test-admin-secret"), String.class));
            assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus());
            String message = (String) e.getResponse().getBody(Map.class).orElseThrow().get("message");
            assertTrue(message.contains("templates/tickets.yml line " + line) && message.contains("{{tt.code}}")
                    && message.contains("no feature passes a value named 'tt'"), message);
        } finally {
            Files.copy(Path.of("..", "templates", "tickets.yml"), file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void reloadIsForAdministratorsOnly() {
        HttpClientResponseException e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(HttpRequest.POST(RELOAD, ""), String.class));
        assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus());
    }
}
