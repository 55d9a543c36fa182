package vn.friendlygov.eval;

import io.micronaut.serde.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs an evaluation file (single questions or two-turn follow-ups) through the running service,
 * one fresh web-chat conversation per case:
 * {@code java -cp bot/target/bot-0.1.0-SNAPSHOT.jar vn.friendlygov.eval.Evaluate FILE [BASE_URL]}.
 */
public final class Evaluate {
    private Evaluate() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Evaluate QUESTIONS.tsv [http://localhost:8080]");
            System.exit(2);
        }
        String base = args.length > 1 ? args[1] : "http://localhost:8080";
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = ObjectMapper.getDefault();
        Evaluation.Result result = Evaluation.run(Evaluation.read(Path.of(args[0])), (conversationId, text) -> {
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
}
