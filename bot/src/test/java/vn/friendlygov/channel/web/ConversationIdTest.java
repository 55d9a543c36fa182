package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * API.md "Web chat": conversation ids are issued by the server, and an id it did not issue reads
 * nothing, changes nothing and stores nothing (today's attack: guessing short ids to read another
 * resident's case, cancel it, or forge its rating).
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "units.thu-khac.name", value = "Xã Thử Khác (đơn vị thử)")
class ConversationIdTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    JsonMapper json;
    @Inject
    DataSource dataSource;

    Db db;

    @BeforeAll
    void setUp() {
        db = new Db(dataSource);
    }

    record Answer(HttpStatus status, Map<String, Object> body, String raw, HttpHeaders headers) {
        String id() {
            return (String) body.get("conversationId");
        }

        @SuppressWarnings("unchecked")
        String matchId() {
            return (String) ((Map<String, Object>) body.get("match")).get("id");
        }
    }

    @SuppressWarnings("unchecked")
    private Answer exchange(MutableHttpRequest<?> request) {
        HttpStatus status;
        String raw;
        HttpHeaders headers;
        try {
            HttpResponse<String> r = client.toBlocking().exchange(request, String.class);
            status = r.getStatus();
            raw = r.getBody().orElse("");
            headers = r.getHeaders();
        } catch (HttpClientResponseException e) {
            status = e.getStatus();
            raw = e.getResponse().getBody(String.class).orElse("");
            headers = e.getResponse().getHeaders();
        }
        Map<String, Object> body = null;
        try {
            body = raw.isBlank() ? Map.of() : json.readValue(raw, Map.class);
        } catch (IOException e) {
            // not JSON: left null
        }
        return new Answer(status, body, raw, headers);
    }

    private Answer post(Map<String, ?> fields) {
        try {
            return exchange(HttpRequest.POST("/api/v1/chat", json.writeValueAsString(fields)).contentType(MediaType.APPLICATION_JSON_TYPE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Answer messages(String id, String query) {
        return exchange(HttpRequest.GET("/api/v1/chat/" + id + "/messages" + query));
    }

    private static void assertNoStore(Answer a) {
        assertEquals("no-store", a.headers().get(HttpHeaders.CACHE_CONTROL), a.status() + " " + a.raw());
    }

    private static void assertUnknown(Answer a) {
        assertEquals(HttpStatus.NOT_FOUND, a.status(), a.raw());
        assertEquals("unknown_conversation", a.body().get("error"), a.raw());
        assertTrue(a.body().get("message") instanceof String m && !m.isBlank(), a.raw());
        assertNoStore(a);
    }

    private static String wellFormedButNeverIssued() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** What a forged message could have stored: every conversation, message and case row. */
    private Map<String, Long> rows() {
        Map<String, Long> counts = new HashMap<>();
        for (String table : List.of("conversation", "message", "ticket", "ticket_event", "outbox", "web_mailbox")) {
            counts.put(table, db.count("SELECT COUNT(*) FROM " + table));
        }
        return counts;
    }

    @Test
    void theFirstMessageIsGivenAnUnguessableIdThatCarriesTheConversationAcrossTurnsAndToItsLaterMessages() {
        Answer first = post(Map.of("text", "con toi vua sinh, muon di khai sinh cho chau"));
        assertEquals(HttpStatus.OK, first.status(), first.raw());
        assertNoStore(first);
        String id = first.id();
        assertTrue(id.matches("[0-9a-f]{40}"), "160 random bits as hex: " + id);
        assertEquals("khai-sinh", first.matchId());
        assertNotEquals(id, post(Map.of("text", "con toi vua sinh, muon di khai sinh cho chau")).id(), "each first message a new id");

        Answer fee = post(Map.of("conversationId", id, "text", "còn lệ phí thì sao?"));
        assertEquals(HttpStatus.OK, fee.status(), fee.raw());
        assertEquals(id, fee.id());
        assertEquals("khai-sinh", fee.matchId(), "the follow-up found this conversation's topic: " + fee.raw());
        Answer tapped = post(Map.of("conversationId", id, "postback", "menu"));
        assertEquals(HttpStatus.OK, tapped.status(), tapped.raw());
        assertEquals(id, tapped.id());
        assertEquals(1, db.count("SELECT COUNT(*) FROM conversation WHERE channel = 'web' AND channel_user_id = ?", id));
        assertEquals(3, db.count("SELECT COUNT(*) FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE c.channel = 'web' AND c.channel_user_id = ? AND m.direction = 'IN'", id));

        Answer later = messages(id, "?after=0");
        assertEquals(HttpStatus.OK, later.status(), later.raw());
        assertEquals(Map.of("messages", List.of()), later.body());
        assertNoStore(later);
    }

    @Test
    void anIdTheServerNeverIssuedIsRefusedWith404AndNothingIsStored() {
        Map<String, Long> before = rows();
        for (String forged : List.of(wellFormedButNeverIssued(), "0".repeat(40), "f".repeat(40))) {
            // a complaint, a cancellation, a rating: none reaches anything
            assertUnknown(post(Map.of("conversationId", forged, "text", "Đèn đường ngõ 5 thôn Đông bị hỏng cả tháng nay, tối om rất nguy hiểm")));
            assertUnknown(post(Map.of("conversationId", forged, "postback", "pa:cancel")));
            assertUnknown(post(Map.of("conversationId", forged, "postback", "pa:rate:PA-2026-000001:1")));
            assertUnknown(post(Map.of("conversationId", forged, "text", "hài lòng")));
            assertUnknown(messages(forged, ""));
            assertUnknown(messages(forged, "?after=0"));
            assertEquals(0, db.count("SELECT COUNT(*) FROM conversation WHERE channel_user_id = ?", forged));
        }
        assertEquals(before, rows(), "nothing stored for ids the server never issued");
    }

    @Test
    void anIdIssuedForAnotherUnitIsUnknownToThisOne() {
        Answer other = post(Map.of("text", "làm giấy khai sinh cần giấy tờ gì", "unit", "thu-khac"));
        assertEquals(HttpStatus.OK, other.status(), other.raw());
        String id = other.id();
        Map<String, Long> before = rows();
        assertUnknown(post(Map.of("conversationId", id, "text", "còn lệ phí thì sao?")));             // the default unit, mau
        assertUnknown(post(Map.of("conversationId", id, "text", "còn lệ phí thì sao?", "unit", "mau")));
        assertUnknown(messages(id, "?after=0"));
        assertUnknown(messages(id, "?after=0&unit=mau"));
        assertEquals(before, rows(), "nothing stored in the other unit");
        // in its own unit it goes on
        Answer own = post(Map.of("conversationId", id, "text", "còn lệ phí thì sao?", "unit", "thu-khac"));
        assertEquals(HttpStatus.OK, own.status(), own.raw());
        assertEquals(HttpStatus.OK, messages(id, "?after=0&unit=thu-khac").status());
    }

    @Test
    void aMalformedIdIs400AndEveryWebChatResponseIsNoStore() {
        for (String bad : List.of("1", "w-demo", "A".repeat(40), "0".repeat(39), "0".repeat(64))) {
            Answer a = post(Map.of("conversationId", bad, "text", "xin chào"));
            assertEquals(HttpStatus.BAD_REQUEST, a.status(), a.raw());
            assertEquals("invalid_request", a.body().get("error"), a.raw());
            assertNoStore(a);
            Answer m = messages(bad, "");
            assertEquals(HttpStatus.BAD_REQUEST, m.status(), m.raw());
            assertNoStore(m);
        }
        assertNoStore(post(Map.of("text", "")));                                                       // 400
        assertNoStore(post(Map.of("text", "a".repeat(17 * 1024))));                                   // 413
        assertNoStore(exchange(HttpRequest.POST("/api/v1/chat", "text=xin+chào")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)));                         // not JSON
        assertNoStore(messages(wellFormedButNeverIssued(), "?after=abc"));                            // 400
    }
}
