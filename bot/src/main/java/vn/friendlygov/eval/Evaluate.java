package vn.friendlygov.eval;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import vn.friendlygov.ticket.CategoryClassifier;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code java -cp bot/target/bot-0.1.0-SNAPSHOT.jar vn.friendlygov.eval.Evaluate FILE|KB_DIR [BASE_URL|FOLDS]}:
 * <ul>
 * <li>a question file (single questions or two-turn follow-ups) through the running service, one
 *     fresh web-chat conversation per case;</li>
 * <li>a complaint file (header {@code expected\tcomplaint}) through the complaint category classifier
 *     in this process, with the categories of this checkout's configuration ({@code tickets.categories},
 *     environment overrides included);</li>
 * <li>a knowledge-base folder: k-fold cross-validation over its examples ({@link CrossValidation}, 5 folds by default);</li>
 * <li>a knowledge-base folder and question files: the confidence curve on them ({@link Calibration}).</li>
 * </ul>
 */
public final class Evaluate {
    private Evaluate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Evaluate QUESTIONS.tsv [http://localhost:8080] | COMPLAINTS.tsv | KNOWLEDGE_BASE_DIR [FOLDS] | KNOWLEDGE_BASE_DIR QUESTIONS.tsv…");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        if (Files.isDirectory(file) && args.length > 1 && args[1].endsWith(".tsv")) {
            System.out.print(Calibration.report(file, java.util.Arrays.stream(args).skip(1).map(Path::of).toList()));
            return;
        }
        if (Files.isDirectory(file)) {
            System.out.print(CrossValidation.report(file, args.length > 1 ? Integer.parseInt(args[1]) : 5));
            return;
        }
        if (Evaluation.isComplaintSet(file)) {
            CategoryClassifier classifier = new CategoryClassifier(configuredCategories());
            System.out.print(Evaluation.run(Evaluation.read(file),
                    (conversationId, text) -> new Evaluation.Answer(null, classifier.classify(text), false)).report());
            return;
        }
        String base = args.length > 1 ? args[1] : "http://localhost:8080";
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = ObjectMapper.getDefault();
        Evaluation.Result result = Evaluation.run(Evaluation.read(file), (conversationId, text) -> {
            try {
                // A new conversation per case: no conversationId on its first message, the server issues one.
                Map<String, String> request = conversationId == null ? Map.of("text", text)
                        : Map.of("conversationId", conversationId, "text", text);
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/chat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return new Evaluation.Answer(conversationId, "HTTP " + r.statusCode(), false);
                }
                return ChatResponses.answer(json.readValue(r.body(), Map.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        System.out.print(result.report());
    }

    /** {@code tickets.categories} as the service would read it: the configuration files and the environment, no beans started. */
    private static List<Map<String, String>> configuredCategories() {
        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment env = context.getEnvironment();
            env.start();
            return env.getProperty("tickets.categories", Argument.listOf(Argument.mapOf(String.class, String.class)))
                    .orElseThrow(() -> new IllegalStateException("tickets.categories is not configured"));
        }
    }
}
