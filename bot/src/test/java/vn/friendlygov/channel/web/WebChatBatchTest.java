package vn.friendlygov.channel.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web chat answers on lanes, several messages in one transaction: under concurrency each
 * request must still get the answer to its own question, and every message must be stored once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebChatBatchTest {
    /** Questions the bot classifies the same whatever was asked before in the conversation, each answered by one message. */
    static final Map<String, String> QUESTIONS = Map.of(
            "làm giấy khai sinh cần giấy tờ gì", "khai-sinh",
            "thủ tục đăng ký kết hôn", "ket-hon",
            "chứng thực bản sao bao nhiêu tiền", "chung-thuc-ban-sao",
            "đăng ký khai tử cần những gì", "khai-tu",
            "đăng ký thường trú cần giấy tờ gì", "cu-tru");

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Db db;
    ExecutorService pool;

    @BeforeAll
    void setUp() {
        db = new Db(dataSource);
        pool = Executors.newFixedThreadPool(64);
    }

    @AfterAll
    void tearDown() {
        pool.shutdownNow();
    }

    record Sent(String conversationId, String text) {
    }

    record Answer(Sent request, HttpStatus status, Map<String, Object> body, String raw) {
        @SuppressWarnings("unchecked")
        String matchId() {
            return body == null || body.get("match") == null ? null : (String) ((Map<String, Object>) body.get("match")).get("id");
        }

        int replies() {
            return body == null || !(body.get("replies") instanceof List<?> l) ? -1 : l.size();
        }
    }

    @SuppressWarnings("unchecked")
    private Answer send(Sent s) {
        String body;
        try {
            // No id: the first message of a conversation, which the server issues one for.
            body = json.writeValueAsString(s.conversationId() == null ? Map.of("text", s.text())
                    : Map.of("conversationId", s.conversationId(), "text", s.text()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpRequest<String> req = HttpRequest.POST("/api/v1/chat", body).contentType(MediaType.APPLICATION_JSON_TYPE);
        HttpStatus status;
        String raw;
        try {
            HttpResponse<String> r = client.toBlocking().exchange(req, String.class);
            status = r.getStatus();
            raw = r.getBody().orElse("");
        } catch (HttpClientResponseException e) {
            status = e.getStatus();
            raw = e.getResponse().getBody(String.class).orElse("");
        }
        Map<String, Object> parsed = null;
        try {
            parsed = raw.isBlank() ? null : json.readValue(raw, Map.class);
        } catch (IOException e) {
            // left null: the assertions report the raw body
        }
        return new Answer(s, status, parsed, raw);
    }

    /** Sends all at once (released together by a latch), each on its own thread over real HTTP. */
    private List<Answer> sendTogether(List<Sent> requests) {
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Answer>> calls = requests.stream().map(s -> CompletableFuture.supplyAsync(() -> {
            try {
                go.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return send(s);
        }, pool)).toList();
        go.countDown();
        return calls.stream().map(c -> c.orTimeout(60, TimeUnit.SECONDS).join()).toList();
    }

    @Test
    void concurrentMessagesToManyConversationsEachGetTheirOwnAnswerAndAreStoredOnce() {
        List<String> questions = new ArrayList<>(QUESTIONS.keySet());
        // Twelve residents start at once (new conversations share batches too), then send the rest together.
        List<Answer> answers = new ArrayList<>(sendTogether(Collections.nCopies(12, new Sent(null, questions.get(0)))));
        List<String> conversations = new ArrayList<>();
        for (Answer a : answers) {
            assertEquals(HttpStatus.OK, a.status(), a.request() + " → " + a.raw());
            conversations.add((String) a.body().get("conversationId"));
        }
        assertEquals(12, new HashSet<>(conversations).size(), "each new conversation has its own id: " + conversations);
        List<Sent> requests = new ArrayList<>();
        for (String id : conversations) {
            questions.subList(1, questions.size()).forEach(q -> requests.add(new Sent(id, q)));
        }
        Collections.shuffle(requests);

        answers.addAll(sendTogether(requests));

        Map<String, Integer> repliesPerConversation = new HashMap<>();
        for (Answer a : answers) {
            assertEquals(HttpStatus.OK, a.status(), a.request() + " → " + a.raw());
            String id = (String) a.body().get("conversationId");
            if (a.request().conversationId() != null) {
                assertEquals(a.request().conversationId(), id, a.raw());
            }
            // Futures completed in the wrong order would hand this request another message's answer.
            assertEquals(QUESTIONS.get(a.request().text()), a.matchId(), "answer to '" + a.request().text() + "': " + a.raw());
            assertTrue(a.replies() >= 1, a.raw());
            repliesPerConversation.merge(id, a.replies(), Integer::sum);
        }
        for (String id : conversations) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM conversation WHERE channel = 'web' AND channel_user_id = ?", id),
                    "one conversation row for " + id);
            String conversation = "SELECT id FROM conversation WHERE channel = 'web' AND channel_user_id = ?";
            assertEquals(QUESTIONS.size(), db.count("SELECT COUNT(*) FROM message WHERE direction = 'IN' AND conversation_id = ("
                    + conversation + ")", id), "IN rows of " + id);
            assertEquals(repliesPerConversation.get(id).longValue(), db.count("SELECT COUNT(*) FROM message WHERE direction = 'OUT' "
                    + "AND conversation_id = (" + conversation + ")", id), "OUT rows of " + id);
            for (var q : QUESTIONS.entrySet()) {
                // Each stored message carries the classification of its own text.
                assertEquals(q.getValue(), db.one("SELECT match_id FROM message WHERE direction = 'IN' AND body = ? "
                        + "AND conversation_id = (" + conversation + ")", q.getKey(), id), "stored '" + q.getKey() + "' of " + id);
            }
            // The conversation remembers the last turn handled, even when several of its turns shared a batch.
            assertEquals(db.one("SELECT match_id FROM message WHERE direction = 'IN' AND conversation_id = (" + conversation
                    + ") ORDER BY id DESC LIMIT 1", id), db.one("SELECT topic_id FROM conversation WHERE channel = 'web' "
                    + "AND channel_user_id = ?", id), "topic of " + id);
        }
        // Messages handled in one transaction share its time: fewer distinct times than messages means batches formed.
        long batches = db.count("SELECT COUNT(DISTINCT m.created_at) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel = 'web' AND c.channel_user_id IN (" + String.join(", ", Collections.nCopies(conversations.size(), "?"))
                + ") AND m.direction = 'IN'", conversations.toArray());
        assertTrue(batches < answers.size(), "the " + answers.size() + " messages were handled in " + batches
                + " transactions: no batch held two, so batching went untested");
    }

    @Test
    void anIssuedIdSpeltInCapitalsIsRefusedAndNothingIsStored() {
        // Issued ids are lowercase; the database would compare them without regard to case (utf8mb4_unicode_ci).
        Answer first = send(new Sent(null, "thủ tục đăng ký kết hôn"));
        assertEquals(HttpStatus.OK, first.status(), first.raw());
        String id = (String) first.body().get("conversationId");
        List<Answer> together = sendTogether(List.of(new Sent(id.toUpperCase(), "chứng thực bản sao bao nhiêu tiền"),
                new Sent(id, "làm giấy khai sinh cần giấy tờ gì"), new Sent(null, "đăng ký thường trú cần giấy tờ gì")));
        assertEquals(HttpStatus.BAD_REQUEST, together.get(0).status(), together.get(0).raw());
        for (Answer a : together.subList(1, 3)) {
            assertEquals(HttpStatus.OK, a.status(), a.request() + " → " + a.raw());
            assertEquals(QUESTIONS.get(a.request().text()), a.matchId(), a.raw());
        }
        assertEquals(2, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel = 'web' AND c.channel_user_id = ? AND m.direction = 'IN'", id));
    }
}
