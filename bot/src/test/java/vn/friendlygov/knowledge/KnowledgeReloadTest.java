package vn.friendlygov.knowledge;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/** POST /api/v1/admin/knowledge-base/reload: administrators only. */
@MicronautTest(transactional = false)
// A reload retrains the model: on a loaded machine (2 cores, several builds) it takes longer than the client's 10 s.
@io.micronaut.context.annotation.Property(name = "micronaut.http.client.read-timeout", value = "60s")
class KnowledgeReloadTest {
    static final String PATH = "/api/v1/admin/knowledge-base/reload";

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    KnowledgeService knowledge;

    private HttpClientResponseException refused(MutableHttpRequest<String> request) {
        return assertThrows(HttpClientResponseException.class, () -> client.toBlocking().exchange(request, String.class));
    }

    private void assertUnauthorized(HttpClientResponseException e) throws IOException {
        assertEquals(HttpStatus.UNAUTHORIZED, e.getStatus());
        String body = e.getResponse().getBody(String.class).orElse("");
        Map<?, ?> m = json.readValue(body, Map.class);
        assertEquals(Set.of("error", "message"), m.keySet(), body);
        assertEquals("unauthorized", m.get("error"));
        assertFalse(body.contains("Exception"), body);
    }

    @Test
    void anonymousIsRefused() throws IOException {
        KnowledgeService.Snapshot before = knowledge.current();
        assertUnauthorized(refused(HttpRequest.POST(PATH, "")));
        assertSame(before, knowledge.current(), "nothing was reloaded");
    }

    @Test
    void wrongPasswordIsRefused() throws IOException {
        assertUnauthorized(refused(HttpRequest.POST(PATH, "").basicAuth("admin", "not-the-password")));
        assertUnauthorized(refused(HttpRequest.POST(PATH, "").basicAuth("nobody", "test-admin-secret")));
    }

    @Test
    void adminReloads() throws IOException {
        KnowledgeService.Snapshot before = knowledge.current();
        HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST(PATH, "").basicAuth("admin", "test-admin-secret"), String.class);
        assertEquals(HttpStatus.OK, r.getStatus());
        Map<?, ?> m = json.readValue(r.body(), Map.class);
        KnowledgeBase onDisk = KnowledgeLoader.load(Path.of("..", "knowledge-base"));
        assertEquals(onDisk.entries().size(), ((Number) m.get("entries")).intValue(), r.body());
        assertEquals(onDisk.outOfScope().size(), ((Number) m.get("outOfScopeTopics")).intValue(), r.body());
        assertNotSame(before, knowledge.current(), "a new snapshot is in force");
    }
}
