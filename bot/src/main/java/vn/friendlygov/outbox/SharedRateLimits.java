package vn.friendlygov.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits held in the database, so every instance draws on the same allowance (Zalo's
 * 4,000 requests per minute is per app, not per instance). Each limit counts the permits granted
 * in the current wall-clock second in one row; an instance takes a few permits per statement (a
 * tenth of the second's allowance) into a local budget, so the database sees one conditional
 * UPDATE per handful of sends, and the total never passes the limit. Wall-clock time, not the
 * service clock: a rate is about real seconds, whatever the tests set the clock to.
 */
@Singleton
public class SharedRateLimits {
    /**
     * Only forward: a caller whose second has passed meanwhile (a slow statement, a descheduled
     * thread) must not set the window back and restart a second another instance already counted
     * (that let a loaded machine grant 25 permits of 20 in one second, SharedRateLimitsTest).
     */
    private static final String GRANT = "UPDATE rate_window SET used = CASE WHEN window_second = ? THEN used + ? ELSE ? END, "
            + "window_second = ? WHERE name = ? AND (window_second < ? OR (window_second = ? AND used + ? <= ?))";

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    private static final class Budget {
        long second = -1;
        int left;
    }

    public SharedRateLimits(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Empty: go ahead; otherwise how long to wait for the next second's allowance. */
    public Optional<Duration> tryAcquire(String name, int perSecond) {
        long nowMillis = System.currentTimeMillis();
        long second = nowMillis / 1000;
        Budget b = budgets.computeIfAbsent(name, k -> new Budget());
        synchronized (b) {
            if (b.second == second && b.left > 0) {
                b.left--;
                return Optional.empty();
            }
            int chunk = Math.max(1, perSecond / 10);
            int granted = grant(name, second, chunk, perSecond) ? chunk : chunk > 1 && grant(name, second, 1, perSecond) ? 1 : 0;
            if (granted == 0) {
                return Optional.of(Duration.ofMillis(1000 - nowMillis % 1000));
            }
            b.second = second;
            b.left = granted - 1;
            return Optional.empty();
        }
    }

    private boolean grant(String name, long second, int n, int limit) {
        return transactions.executeWrite(status -> grantNow(name, second, n, limit));
    }

    private boolean grantNow(String name, long second, int n, int limit) {
        int changed = jdbc.prepareStatement(GRANT, ps -> {
            ps.setLong(1, second);
            ps.setInt(2, n);
            ps.setInt(3, n);
            ps.setLong(4, second);
            ps.setString(5, name);
            ps.setLong(6, second);
            ps.setLong(7, second);
            ps.setInt(8, n);
            ps.setInt(9, limit);
            return ps.executeUpdate();
        });
        if (changed == 0 && jdbc.prepareStatement("INSERT IGNORE INTO rate_window (name, window_second, used) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, name);
            ps.setLong(2, second);
            ps.setInt(3, n);
            return ps.executeUpdate();
        }) == 1) {
            return n <= limit;   // the first grant of a new limit
        }
        return changed == 1;
    }
}
