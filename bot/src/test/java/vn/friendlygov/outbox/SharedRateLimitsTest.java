package vn.friendlygov.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances (two limiters on one MariaDB) drawing on one limit of 20 a second for 2.5 seconds
 * never get more than 20 permits in any sliding second between them (give or take a window's share
 * and the local budgets), and get about what the limit allows.
 */
@MicronautTest(transactional = false)
class SharedRateLimitsTest {
    @Inject JdbcOperations jdbc;
    @Inject TransactionOperations<Connection> transactions;
    @Inject DataSource dataSource;

    @Test
    void twoInstancesShareOneAllowance() {
        String name = "test:" + UUID.randomUUID();
        List<Long> granted = Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + 2500;
        Runnable instance = () -> {
            SharedRateLimits limits = new SharedRateLimits(jdbc, transactions);
            while (System.currentTimeMillis() < end) {
                Optional<Duration> wait = limits.tryAcquire(name, 20);
                if (wait.isEmpty()) {
                    granted.add(System.nanoTime());
                } else {
                    sleep(Math.min(wait.get().toMillis(), 20));
                }
            }
        };
        CompletableFuture<Void> other = CompletableFuture.runAsync(instance);
        instance.run();
        other.join();
        new Db(dataSource).update("DELETE FROM rate_window WHERE name = ?", name);
        List<Long> at = new ArrayList<>(granted);
        Collections.sort(at);
        assertTrue(at.size() >= 40, "permits granted in 2.5 s: " + at.size());
        int most = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (at.get(i) - at.get(j) >= 1_000_000_000L) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        // 20 in a second, plus one window's share (2) at the edge of a sliding second, plus a local
        // budget left from a window just ended (1 per instance).
        assertTrue(most <= 20 + 2 + 2, "most permits in a sliding second: " + most);
    }

    @Test
    void theTenWindowsOfASecondAddUpToTheLimit() {
        for (int limit : new int[]{1, 7, 20, 53, 240, 3200}) {
            int sum = 0;
            for (long w = 10; w < 20; w++) {
                sum += SharedRateLimits.allowance(w, limit);
            }
            assertEquals(limit, sum, "limit " + limit);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
