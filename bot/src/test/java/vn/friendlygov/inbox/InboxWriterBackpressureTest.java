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
import vn.friendlygov.support.Db;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.support.SignedEvents;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static vn.friendlygov.support.SignedEvents.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vn.friendlygov.support.SignedEvents.PAGE_ID;

/**
 * When the database stalls, the webhooks' queue in front of the inbox writer stays bounded: what
 * does not fit is refused at once with 503 (the platform delivers it again), and everything that
 * was queued is stored and answered once the database moves again. The stall is real: a
 * transaction holding an uncommitted inbox row with the first event's key makes the writer's
 * insert wait for its lock.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxWriterBackpressureTest implements TestPropertyProvider {
    static final FakePlatforms FAKES = FakePlatforms.start();

    @Inject
    @Client("/")
    HttpClient client;
    @Inject
    DataSource dataSource;
    @Inject
    InboxWriter writer;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = FAKES.vinhBaoProperties();
        p.put("inbox.writer-threads", "1");
        p.put("inbox.writer-max-queued", "2");
        return p;
    }

    @AfterAll
    void tearDown() {
        FAKES.close();
    }

    private HttpStatus post(String psid, String mid, String text) {
        String body = SignedEvents.messengerText(PAGE_ID, psid, mid, System.currentTimeMillis(), text);
        try {
            HttpResponse<String> r = client.toBlocking().exchange(HttpRequest.POST("/webhooks/messenger", body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header("X-Hub-Signature-256", SignedEvents.messengerSignature(body)), String.class);
            return r.getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    /**
     * InnoDB refreshes information_schema.innodb_trx at most every 100 ms and not while it keeps
     * being read: polled every 25 ms it would never change, so this polls every 250 ms.
     */
    private static void awaitALockWait(Db db) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();   // a first request warms up a fresh context
        while (db.count("SELECT COUNT(*) FROM information_schema.innodb_trx WHERE trx_requested_lock_id IS NOT NULL") == 0) {
            assertTrue(System.nanoTime() < end, "the writer never waited for the row lock");
            Thread.sleep(250);
        }
    }

    @Test
    void aStalledDatabaseRefusesWhatCannotWaitAndLosesNothingThatWaited() throws Exception {
        Db db = new Db(dataSource);
        DataSource plain = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource);
        String unitId = db.one("SELECT id FROM unit WHERE code = 'vinh-bao'");
        String[] psids = {id("bp-a"), id("bp-b"), id("bp-c"), id("bp-d")};
        String[] mids = {id("mid.bp"), id("mid.bp"), id("mid.bp"), id("mid.bp")};
        CompletableFuture<HttpStatus> a;
        CompletableFuture<HttpStatus> b;
        CompletableFuture<HttpStatus> c;
        try (Connection lock = plain.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement ps = lock.prepareStatement("INSERT INTO inbox_event (channel, event_key, unit_id, sender_id, "
                    + "event_type, payload, platform_ts, status, attempts, received_at) VALUES ('messenger', ?, ?, ?, 'MESSAGE', '{}', 0, "
                    + "'PENDING', 0, ?)")) {
                ps.setString(1, mids[0]);
                ps.setLong(2, Long.parseLong(unitId));
                ps.setString(3, psids[0]);
                ps.setTimestamp(4, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            a = CompletableFuture.supplyAsync(() -> post(psids[0], mids[0], "làm giấy khai sinh cần giấy tờ gì"));
            awaitALockWait(db);
            b = CompletableFuture.supplyAsync(() -> post(psids[1], mids[1], "thủ tục đăng ký kết hôn"));
            c = CompletableFuture.supplyAsync(() -> post(psids[2], mids[2], "đăng ký khai tử cần những gì"));
            Eventually.await(Duration.ofSeconds(5), "two requests queued behind the stalled writer", () -> writer.queued() == 2);

            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, post(psids[3], mids[3], "chứng thực bản sao bao nhiêu tiền"),
                    "the queue is full: refused at once, for the platform to deliver again");
            assertFalse(a.isDone() || b.isDone() || c.isDone(), "the queued requests are still waiting for their commit");
            lock.rollback();
        }
        assertEquals(HttpStatus.OK, a.get(10, TimeUnit.SECONDS));
        assertEquals(HttpStatus.OK, b.get(10, TimeUnit.SECONDS));
        assertEquals(HttpStatus.OK, c.get(10, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            assertEquals(1, db.count("SELECT COUNT(*) FROM inbox_event WHERE channel = 'messenger' AND event_key = ?", mids[i]));
            String psid = psids[i];
            Eventually.await(Duration.ofSeconds(15), "a reply to " + psid, () -> FAKES.sentTo(psid).size() == 1);
        }
        assertEquals(0, db.count("SELECT COUNT(*) FROM inbox_event WHERE event_key = ?", mids[3]), "the refused event is not stored");
        assertTrue(FAKES.sentTo(psids[3]).isEmpty());
    }
}
