package vn.friendlygov.db;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxStore;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A time the service writes keeps its milliseconds through the driver and back: the rate limits
 * defer sends to the next tenth of a second, and a time cut to its second is due at once (MySQL
 * Connector/J against MariaDB 10.x did that, silently).
 */
@MicronautTest(transactional = false)
class TimestampMillisecondsTest {
    @Inject DataSource dataSource;
    @Inject OutboxStore store;
    @Inject OutboxRepository outbox;

    @Test
    void aDeferredSendKeepsItsMilliseconds() {
        Db db = new Db(dataSource);
        long unit = db.count("SELECT MIN(id) FROM unit");
        String key = "test:ms:" + UUID.randomUUID();
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, next_attempt_at, created_at) "
                + "VALUES (?, ?, 'zalo', 'ms-test', 'REPLY', 'x', 'SKIPPED', '2031-01-01 00:00:00', '2031-01-01 00:00:00')", key, unit);
        long id = db.count("SELECT id FROM outbox WHERE dedupe_key = ?", key);
        Instant at = Instant.parse("2031-01-01T00:00:00.750Z");

        store.deferTo(id, at, "test", null);

        assertEquals(at, outbox.findById(id).orElseThrow().nextAttemptAt());
        assertEquals("750", String.valueOf(db.count("SELECT MICROSECOND(next_attempt_at) DIV 1000 FROM outbox WHERE id = ?", id)));
        db.update("DELETE FROM outbox WHERE id = ?", id);
    }

    @Test
    void connectorJAgainstMariaDbIsToldApart() {
        assertTrue(DriverCheck.dropsMilliseconds("MySQL Connector/J", "5.5.5-10.11.19-MariaDB-0+deb12u1"));
        assertFalse(DriverCheck.dropsMilliseconds("MariaDB Connector/J", "10.11.19-MariaDB-0+deb12u1"));
        assertFalse(DriverCheck.dropsMilliseconds("MySQL Connector/J", "8.4.3"));
    }
}
