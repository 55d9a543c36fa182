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
 * in the current tenth of a wall-clock second in one row, a tenth of the second's allowance each
 * (whole-second windows let a sliding second see twice the limit across a boundary: 418 Messenger
 * sends in one second for a limit of 240 in perf/campaign.sh; tenths bound it to 1.1 times). An
 * instance takes a few permits per statement into a local budget, so the database sees one
 * conditional UPDATE per handful of sends, and the total never passes the limit. Wall-clock time,
 * not the service clock: a rate is about real seconds, whatever the tests set the clock to.
 */
@Singleton
public class SharedRateLimits {
    /**
     * Only forward: a caller whose window has passed meanwhile (a slow statement, a descheduled
     * thread) must not set the window back and restart a window another instance already counted
     * (that let a loaded machine grant 25 permits of 20 in one second, SharedRateLimitsTest).
     */
    private static final String GRANT = "UPDATE rate_window SET used = CASE WHEN window_second = ? THEN used + ? ELSE ? END, "
            + "window_second = ? WHERE name = ? AND (window_second < ? OR (window_second = ? AND used + ? <= ?))";

    private static final long WINDOW_MILLIS = 100;

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    private static final class Budget {
        /** The window (a tenth of a second) the budget is for. */
        long window = -1;
        int left;
        /**
         * The highest limit the database refused in {@code window} (0: none): a caller held to it or a
         * lower one is refused at once, without a round trip. Under a campaign's backlog nearly every
         * call is refused; each waiting for its own refusal kept every send thread queued on this lock
         * (a resident's reply among them, for seconds).
         */
        int refusedUpTo;
        /** A campaign send of this instance is asking the database for permits. */
        boolean asking;
    }

    public SharedRateLimits(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /**
     * Empty: go ahead; otherwise how long to wait for the next window's allowance. {@code urgent} (a
     * reply): never waits for another send's round trip to the database, it asks for its own permit.
     * Campaign sends ask one at a time per instance and the others wait for that answer: when the
     * round trip was made under the lock every send thread queued on it, a reply among them for
     * seconds (thread dumps of perf/campaign.sh during the Messenger burst).
     */
    public Optional<Duration> tryAcquire(String name, int perSecond, boolean urgent) {
        Budget b = budgets.computeIfAbsent(name, k -> new Budget());
        long window;
        Duration rest;
        synchronized (b) {
            while (true) {
                long nowMillis = System.currentTimeMillis();
                window = nowMillis / WINDOW_MILLIS;
                rest = Duration.ofMillis(WINDOW_MILLIS - nowMillis % WINDOW_MILLIS);
                if (b.window != window) {
                    b.window = window;
                    b.left = 0;
                    b.refusedUpTo = 0;
                }
                if (b.left > 0) {
                    b.left--;
                    return Optional.empty();
                }
                if (perSecond <= b.refusedUpTo) {
                    return Optional.of(rest);
                }
                if (urgent || !b.asking) {
                    break;
                }
                try {
                    b.wait(WINDOW_MILLIS);   // another campaign send is asking for this window: its answer serves us too
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.of(rest);
                }
            }
            if (!urgent) {
                b.asking = true;
            }
        }
        int allowance = allowance(window, perSecond);
        int chunk = urgent ? 1 : Math.max(1, allowance / 3);
        int granted = 0;
        try {
            granted = allowance == 0 ? 0 : grant(name, window, chunk, allowance) ? chunk
                    : chunk > 1 && grant(name, window, 1, allowance) ? 1 : 0;
        } finally {
            synchronized (b) {
                if (!urgent) {
                    b.asking = false;
                    b.notifyAll();
                }
                if (b.window == window) {
                    if (granted == 0) {
                        b.refusedUpTo = Math.max(b.refusedUpTo, perSecond);
                    } else {
                        b.left += granted - 1;
                    }
                }
            }
        }
        return granted == 0 ? Optional.of(rest) : Optional.empty();
    }

    /** The window's share of a second's allowance: the ten windows of a second add up to {@code perSecond} exactly. */
    static int allowance(long window, int perSecond) {
        int tenth = (int) (window % 10);
        return (tenth + 1) * perSecond / 10 - tenth * perSecond / 10;
    }

    private boolean grant(String name, long window, int n, int limit) {
        return transactions.executeWrite(status -> grantNow(name, window, n, limit));
    }

    private boolean grantNow(String name, long window, int n, int limit) {
        int changed = jdbc.prepareStatement(GRANT, ps -> {
            ps.setLong(1, window);
            ps.setInt(2, n);
            ps.setInt(3, n);
            ps.setLong(4, window);
            ps.setString(5, name);
            ps.setLong(6, window);
            ps.setLong(7, window);
            ps.setInt(8, n);
            ps.setInt(9, limit);
            return ps.executeUpdate();
        });
        if (changed == 0 && jdbc.prepareStatement("INSERT IGNORE INTO rate_window (name, window_second, used) VALUES (?, ?, ?)", ps -> {
            ps.setString(1, name);
            ps.setLong(2, window);
            ps.setInt(3, n);
            return ps.executeUpdate();
        }) == 1) {
            return n <= limit;   // the first grant of a new limit
        }
        return changed == 1;
    }
}
