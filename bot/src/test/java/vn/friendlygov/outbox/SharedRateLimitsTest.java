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

    /**
     * Within one window, once the campaign's share is used up, campaign calls are refused from then on
     * while a reply, held to the whole limit, still gets the rest of the window's allowance.
     */
    @Test
    void aReplyGetsTheRestOfAWindowTheCampaignUsedUp() {
        SharedRateLimits limits = new SharedRateLimits(jdbc, transactions);
        for (int attempt = 0; attempt < 5; attempt++) {
            String name = "test:" + UUID.randomUUID();
            // Start early in a window so the whole check falls within it.
            while (System.currentTimeMillis() % 100 > 20) {
                sleep(1);
            }
            long window = System.currentTimeMillis() / 100;
            int bulk = 0;
            while (limits.tryAcquire(name, 800, false).isEmpty()) {   // 80 a window
                bulk++;
            }
            int reply = 0;
            while (limits.tryAcquire(name, 1000, true).isEmpty()) {   // 100 a window
                reply++;
            }
            boolean stillRefused = limits.tryAcquire(name, 800, false).isPresent();
            new Db(dataSource).update("DELETE FROM rate_window WHERE name = ?", name);
            if (System.currentTimeMillis() / 100 != window) {
                continue;   // the window turned meanwhile (a slow machine): again
            }
            assertEquals(80, bulk, "the campaign's share of the window (reply " + reply + ", attempt " + attempt + ")");
            assertEquals(20, reply, "the rest of the window, for replies");
            assertTrue(stillRefused, "the campaign stays refused in that window");
            return;
        }
        throw new AssertionError("no window long enough on this machine");
    }

    @Test
    void twoInstancesShareOneAllowance() {
        String name = "test:" + UUID.randomUUID();
        List<Long> granted = Collections.synchronizedList(new ArrayList<>());
        long end = System.currentTimeMillis() + 2500;
        Runnable instance = () -> {
            SharedRateLimits limits = new SharedRateLimits(jdbc, transactions);
            while (System.currentTimeMillis() < end) {
                Optional<Duration> wait = limits.tryAcquire(name, 20, false);
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
