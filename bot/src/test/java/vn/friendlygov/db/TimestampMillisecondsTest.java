package vn.friendlygov.db;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.outbox.OutboxStore;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
    @Inject TransactionOperations<Connection> transactions;

    @Test
    void deferredSendsKeepTheirOwnMilliseconds() {
        Db db = new Db(dataSource);
        long unit = db.count("SELECT MIN(id) FROM unit");
        long a = row(db, unit);
        long b = row(db, unit);
        Instant atA = Instant.parse("2031-01-01T00:00:00.750Z");
        Instant atB = Instant.parse("2031-01-01T00:00:01.250Z");
        Instant inDoubtSince = Instant.parse("2030-12-31T23:59:59.125Z");

        // One statement for both (the recorder's batch): each row its own time; only the one in doubt keeps a claim time.
        transactions.executeWrite(status -> {
            store.deferAll(List.of(new OutboxStore.Deferral(a, atA, "rate", null), new OutboxStore.Deferral(b, atB, "rate", inDoubtSince)));
            return null;
        });

        OutboxRow ra = outbox.findById(a).orElseThrow();
        OutboxRow rb = outbox.findById(b).orElseThrow();
        assertEquals(atA, ra.nextAttemptAt());
        assertEquals(atB, rb.nextAttemptAt());
        assertNull(ra.claimedAt());
        assertEquals(inDoubtSince, rb.claimedAt());
        assertEquals(0, ra.attempts(), "a deferral gives the claim's attempt back");
        assertEquals("750", String.valueOf(db.count("SELECT MICROSECOND(next_attempt_at) DIV 1000 FROM outbox WHERE id = ?", a)));
        db.update("DELETE FROM outbox WHERE id IN (?, ?)", a, b);
    }

    /** A claimed row (attempts 1, claimed at some time), as the dispatcher holds it before recording. */
    private static long row(Db db, long unit) {
        String key = "test:ms:" + UUID.randomUUID();
        db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                + "created_at, claimed_at) VALUES (?, ?, 'zalo', 'ms-test', 'REPLY', 'x', 'SKIPPED', 1, '2031-01-01 00:00:00', "
                + "'2031-01-01 00:00:00', '2031-01-01 00:00:00')", key, unit);
        return db.count("SELECT id FROM outbox WHERE dedupe_key = ?", key);
    }

    @Test
    void connectorJAgainstMariaDbIsToldApart() {
        assertTrue(DriverCheck.dropsMilliseconds("MySQL Connector/J", "5.5.5-10.11.19-MariaDB-0+deb12u1"));
        assertFalse(DriverCheck.dropsMilliseconds("MariaDB Connector/J", "10.11.19-MariaDB-0+deb12u1"));
        assertFalse(DriverCheck.dropsMilliseconds("MySQL Connector/J", "8.4.3"));
    }
}
