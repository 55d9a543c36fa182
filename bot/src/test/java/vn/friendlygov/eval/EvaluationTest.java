package vn.friendlygov.eval;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The development questions through POST /api/v1/chat, one fresh conversation each. */
@MicronautTest(transactional = false)
class EvaluationTest {
    static final Path QUESTIONS = Path.of("..", "eval", "questions-dev.tsv");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;

    /** Each question as the first message of a new conversation (no conversationId: the server issues one). */
    private String matchId(String text) {
        try {
            String body = json.writeValueAsString(Map.of("text", text));
            String response = client.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            Map<?, ?> m = json.readValue(response, Map.class);
            return String.valueOf(((Map<?, ?>) m.get("match")).get("id"));
        } catch (HttpClientResponseException e) {
            return "HTTP " + e.getStatus().getCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void developmentQuestions() throws IOException {
        if (!Files.isRegularFile(QUESTIONS)) {
            fail("missing " + QUESTIONS.toAbsolutePath().normalize() + " (the repository's eval/ folder, ../eval from bot/)");
        }
        List<Evaluation.Question> questions = Evaluation.read(QUESTIONS);
        assertTrue(questions.size() >= 50, "questions: " + questions.size());
        Evaluation.Result result = Evaluation.run(questions, this::matchId);
        String report = result.report();
        System.out.println("=== Evaluation of " + QUESTIONS.normalize() + " ===\n" + report);
        assertEquals(questions.size(), result.total());
        assertTrue(result.outOfScope() > 0, "the file has out-of-scope questions");
        assertEquals(result.outOfScope(), result.outOfScopeCorrect(), "every out-of-scope question gets the fallback\n" + report);
        assertTrue(result.accuracy() >= 0.95, String.format("top-1 accuracy %.3f < 0.95%n%s", result.accuracy(), report));
    }
}
