package vn.friendlygov.inbox;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.CuttableProxy;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.OA_ID;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;
import static vn.friendlygov.support.SignedEvents.id;

/**
 * The database goes away (a proxy in front of it drops every connection and refuses new ones, as a
 * stopped server does): the webhooks answer 503 in JSON within 2 s (Zalo wants its answer within
 * 2 s), with the pool's own connection timeout left at its 30 s default. Once the database is back,
 * the platforms' redeliveries are stored and answered, each exactly once.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookDatabaseGoneTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();
    static final String URL = vn.friendlygov.support.TestDatabase.URL;
    static final CuttableProxy DB_PROXY = CuttableProxy.forUrl(URL);

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.put("datasources.default.url", DB_PROXY.url(URL));
        return p;
    }

    @AfterAll
    void tearDown() {
        DB_PROXY.close();
        FAKES.close();
    }

    private record Answer(HttpStatus status, String contentType, String body, long millis) {
    }

    private Answer post(String path, String body, String header, String value) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST(path, body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(header, value), String.class);
            return new Answer(r.getStatus(), r.getContentType().map(MediaType::toString).orElse(""), r.body(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (HttpClientResponseException e) {
            return new Answer(e.getStatus(), e.getResponse().getContentType().map(MediaType::toString).orElse(""),
                    e.getResponse().getBody(String.class).orElse(""), (System.nanoTime() - start) / 1_000_000);
        }
    }

    private record Delivery(String path, String body, String header, String signature, String resident) {
    }

    @Test
    void withTheDatabaseGoneWebhooksAnswer503InJsonWithinTwoSecondsAndRedeliveriesAreAnsweredOnceItIsBack() {
        Db db = new Db(dataSource);
        FAKES.followDatabaseTokens(db);
        // Warm: the pool holds live connections through the proxy.
        String warm = id("psid");
        String w = SignedEvents.messengerText(PAGE_ID, warm, id("mid."), System.currentTimeMillis(), "xin chào");
        assertEquals(HttpStatus.OK, post("/webhooks/messenger", w, "X-Hub-Signature-256", SignedEvents.messengerSignature(w)).status());
        Eventually.await(Duration.ofSeconds(20), "the warm-up answered", () -> FAKES.sentTo(warm).size() == 1);

        List<Delivery> deliveries = new ArrayList<>();
        long ts = System.currentTimeMillis();
        for (int i = 0; i < 4; i++) {
            String psid = id("gone");
            String m = SignedEvents.messengerText(PAGE_ID, psid, id("mid."), ts + i, "giờ làm việc của xã");
            deliveries.add(new Delivery("/webhooks/messenger", m, "X-Hub-Signature-256", SignedEvents.messengerSignature(m), psid));
            String user = id("zgone");
            String z = SignedEvents.zaloText(OA_ID, user, id("z"), ts + i, "giờ làm việc của xã");
            deliveries.add(new Delivery("/webhooks/zalo", z, "X-ZEvent-Signature", SignedEvents.zaloSignature(z, ts + i), user));
        }

        DB_PROXY.cut();
        long slowest = 0;
        try {
            for (Delivery d : deliveries) {
                Answer a = post(d.path(), d.body(), d.header(), d.signature());
                slowest = Math.max(slowest, a.millis());
                assertEquals(HttpStatus.SERVICE_UNAVAILABLE, a.status(), d.path() + ": " + a);
                assertTrue(a.millis() < 2000, "answered in " + a.millis() + " ms");
                assertTrue(a.contentType().startsWith("application/json"), a.toString());
                assertTrue(a.body().contains("\"error\":\"") && a.body().contains("\"message\":\""), a.body());
            }
        } finally {
            DB_PROXY.restore();
        }
        System.out.println("WebhookDatabaseGoneTest: slowest 503 of " + deliveries.size() + " with the database gone: " + slowest + " ms");

        // The platforms deliver again until they get their 200.
        for (Delivery d : deliveries) {
            Eventually.await(Duration.ofSeconds(30), "a 200 for " + d.resident(),
                    () -> post(d.path(), d.body(), d.header(), d.signature()).status() == HttpStatus.OK);
        }
        for (Delivery d : deliveries) {
            Eventually.await(Duration.ofSeconds(30), "a reply to " + d.resident(), () -> FAKES.sentTo(d.resident()).size() == 1);
        }
        for (Delivery d : deliveries) {   // delivered again after the 200: still once
            assertEquals(HttpStatus.OK, post(d.path(), d.body(), d.header(), d.signature()).status());
        }
        Eventually.stays(Duration.ofMillis(1500), "one reply each", () -> deliveries.stream().allMatch(d -> FAKES.sentTo(d.resident()).size() == 1));
        for (Delivery d : deliveries) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE sender_id = ?", d.resident()), d.resident());
        }
    }
}
