package vn.friendlygov.eval;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import vn.friendlygov.ticket.TicketCatalog;
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

/** The development sets through POST /api/v1/chat, one fresh conversation per case. */
@MicronautTest(transactional = false)
class EvaluationTest {
    static final Path QUESTIONS = Path.of("..", "eval", "questions-dev.tsv");
    static final Path QUESTIONS_2 = Path.of("..", "eval", "questions-dev2.tsv");
    static final Path FOLLOW_UPS = Path.of("..", "eval", "followups-dev.tsv");
    static final Path COMPLAINTS = Path.of("..", "eval", "complaints-dev.tsv");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    TicketCatalog catalog;

    /** One message; a null conversationId starts a new conversation (the server issues one). */
    private Evaluation.Answer send(String conversationId, String text) {
        try {
            Map<String, String> request = conversationId == null ? Map.of("text", text)
                    : Map.of("conversationId", conversationId, "text", text);
            String response = client.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat", json.writeValueAsString(request))
                    .contentType(MediaType.APPLICATION_JSON_TYPE), String.class);
            return ChatResponses.answer(json.readValue(response, Map.class));
        } catch (HttpClientResponseException e) {
            return new Evaluation.Answer(conversationId, "HTTP " + e.getStatus().getCode(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Evaluation.Result evaluate(Path file, int minimumCases) throws IOException {
        return evaluate(file, minimumCases, this::send);
    }

    private Evaluation.Result evaluate(Path file, int minimumCases, Evaluation.Chat chat) throws IOException {
        if (!Files.isRegularFile(file)) {
            fail("missing " + file.toAbsolutePath().normalize() + " (the repository's eval/ folder, ../eval from bot/)");
        }
        List<Evaluation.Question> questions = Evaluation.read(file);
        assertTrue(questions.size() >= minimumCases, "cases: " + questions.size());
        Evaluation.Result result = Evaluation.run(questions, chat);
        System.out.println("=== Evaluation of " + file.normalize() + " ===\n" + result.report());
        assertEquals(questions.size(), result.total());
        return result;
    }

    @Test
    void developmentQuestions() throws IOException {
        Evaluation.Result result = evaluate(QUESTIONS, 50);
        String report = result.report();
        assertTrue(result.outOfScope() > 0, "the file has out-of-scope questions");
        assertEquals(result.outOfScope(), result.outOfScopeCorrect(), "every out-of-scope question gets the fallback\n" + report);
        assertTrue(result.accuracy() >= 0.98, String.format("right without asking back %.3f < 0.98%n%s", result.accuracy(), report));
    }

    /** Residents' habits: raw Telex and VNI, run-together words, dialect, courtesies, near-miss topics. */
    @Test
    void habitsQuestions() throws IOException {
        Evaluation.Result result = evaluate(QUESTIONS_2, 150);
        String report = result.report();
        assertTrue(result.outOfScope() >= 10, "the file has out-of-scope questions");
        assertTrue(result.outOfScopeAccuracy() >= 0.95, String.format("out of scope declined %.3f < 0.95%n%s",
                result.outOfScopeAccuracy(), report));
        // The target (the branch reaches 98.2 % on 2026-12-02).
        assertTrue(result.accuracy() >= 0.97, String.format("right without asking back %.3f < 0.97%n%s", result.accuracy(), report));
    }

    /** The second message of each pair, in the same conversation: on the topic, or a switch. */
    @Test
    void followUps() throws IOException {
        Evaluation.Result result = evaluate(FOLLOW_UPS, 30);
        assertTrue(result.accuracy() >= 0.95, String.format("follow-ups right %.3f < 0.95%n%s", result.accuracy(), result.report()));
    }

    /** Complaints in residents' words: the category the case is routed by (the configured sample categories). */
    @Test
    void complaintCategories() throws IOException {
        assertTrue(Evaluation.isComplaintSet(COMPLAINTS));
        Evaluation.Result result = evaluate(COMPLAINTS, 40, (id, text) -> new Evaluation.Answer(null, catalog.classify(text), false));
        assertEquals("moi-truong", catalog.classify("rác thải đổ bừa bãi"), "environment, not officials' attitude (thái độ)");
        assertEquals("moi-truong", catalog.classify("rac thai do bua bai"));
        assertTrue(result.accuracy() >= 0.95, String.format("categories right %.3f < 0.95%n%s", result.accuracy(), result.report()));
    }
}
