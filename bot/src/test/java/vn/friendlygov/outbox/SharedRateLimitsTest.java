package vn.friendlygov.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances (two limiters on one MariaDB) drawing on one limit of 20 a second never get more
 * than 20 permits in any wall-clock second between them, and do get permits.
 */
@MicronautTest(transactional = false)
class SharedRateLimitsTest {
    @Inject JdbcOperations jdbc;
    @Inject TransactionOperations<Connection> transactions;
    @Inject DataSource dataSource;

    @Test
    void twoInstancesShareOneAllowance() {
        String name = "test:" + UUID.randomUUID();
        Map<Long, AtomicInteger> perSecond = new ConcurrentHashMap<>();
        Runnable instance = () -> {
            SharedRateLimits limits = new SharedRateLimits(jdbc, transactions);
            for (int i = 0; i < 400; i++) {
                if (limits.tryAcquire(name, 20).isEmpty()) {
                    perSecond.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new AtomicInteger()).incrementAndGet();
                }
            }
        };
        CompletableFuture<Void> other = CompletableFuture.runAsync(instance);
        instance.run();
        other.join();
        new Db(dataSource).update("DELETE FROM rate_window WHERE name = ?", name);
        int total = perSecond.values().stream().mapToInt(AtomicInteger::get).sum();
        assertTrue(total >= 20, "permits granted: " + perSecond);
        // A permit taken into a local budget near the end of a second can be used just after it:
        // at most one local chunk (2) per instance spills over.
        perSecond.forEach((second, n) -> assertTrue(n.get() <= 20 + 2 * 2, second + ": " + n + " permits"));
    }
}
