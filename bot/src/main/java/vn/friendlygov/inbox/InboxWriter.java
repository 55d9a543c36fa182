package vn.friendlygov.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.db.Deadlocks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stores webhook events before their 200, with group commit: a writer thread writes what every
 * waiting request brought in one multi-row INSERT IGNORE, then releases them all. Under a burst one
 * statement serves dozens of requests; alone, a request waits only for its own insert. A batch that
 * fits one statement runs in autocommit (the statement is its own transaction: no SET autocommit
 * and COMMIT round trips, which were most of the database's statements under load); a larger one
 * in a transaction, so that a request's events are stored all or none.
 * Two writers by default, so that one inserts while the other waits for its commit to be flushed.
 * A duplicate (the platform delivered again) is dropped by the unique key. The queue is bounded
 * ({@code inbox.writer-max-queued}): when the database stalls, webhooks beyond it are refused with
 * 503 at once (the platforms deliver again later) instead of piling up in memory; a request that
 * gave up waiting is not written afterwards, for the same reason.
 */
@Singleton
public class InboxWriter {
    /** Rows per statement: keeps the statement small and the set of distinct SQL texts bounded. */
    private static final int MAX_ROWS = 100;
    private static final long WAIT_SECONDS = 10;

    private record Pending(List<PlatformEvent> events, CompletableFuture<Void> stored) {
    }

    private final JdbcOperations jdbc;
    private final ConnectionOperations<Connection> connections;
    private final TransactionOperations<Connection> transactions;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<Integer, String> statements = new ConcurrentHashMap<>();
    private final List<Thread> writers = new ArrayList<>();
    private final int maxQueued;
    private volatile boolean running = true;

    public InboxWriter(JdbcOperations jdbc, ConnectionOperations<Connection> connections, TransactionOperations<Connection> transactions,
                       ObjectMapper json, Clock clock, MeterRegistry metrics,
                       @Value("${inbox.writer-threads:2}") int threads,
                       @Value("${inbox.writer-max-queued:5000}") int maxQueued) {
        this.maxQueued = maxQueued;
        this.jdbc = jdbc;
        this.connections = connections;
        this.transactions = transactions;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, "inbox-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
        }
        writers.forEach(Thread::start);
    }

    /**
     * Completes once the events are committed, exceptionally when they could not be stored (the
     * webhook then fails and the platform delivers again). Completed on a writer thread.
     */
    public CompletableFuture<Void> store(List<PlatformEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (queue.size() >= maxQueued) {
            return refused(events, "queue_full", "Too many webhook events are waiting to be stored; deliver again later.");
        }
        Pending p = new Pending(events, new CompletableFuture<>());
        queue.add(p);
        return p.stored().orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionallyCompose(e -> e instanceof TimeoutException
                ? refused(events, "timeout", "Webhook events were not stored within " + WAIT_SECONDS + " s; deliver again later.")
                : CompletableFuture.failedFuture(e));
    }

    /** 503: the platform delivers again later. */
    private CompletableFuture<Void> refused(List<PlatformEvent> events, String reason, String message) {
        metrics.counter("webhook.events.refused", "reason", reason).increment(events.size());
        return CompletableFuture.failedFuture(new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy", message));
    }

    /** Requests waiting for a writer (tests). */
    int queued() {
        return queue.size();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_ROWS - 1);
            batch.removeIf(p -> p.stored().isDone());   // gave up waiting: answered 503, the platform delivers again
            if (batch.isEmpty()) {
                continue;
            }
            try {
                write(batch);
                batch.forEach(p -> p.stored().complete(null));
            } catch (RuntimeException e) {
                batch.forEach(p -> p.stored().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        List<PlatformEvent> events = new ArrayList<>();
        batch.forEach(p -> events.addAll(p.events()));
        // Two writers may insert the same redelivered event at once: in key order one waits for the
        // other instead of deadlocking (and a deadlock all the same is retried).
        events.sort(Comparator.comparing(PlatformEvent::channel).thenComparing(PlatformEvent::eventKey));
        Timestamp now = Timestamp.from(clock.instant());
        int stored = Deadlocks.retry(() -> events.size() <= MAX_ROWS
                ? connections.executeWrite(status -> insert(events, now))
                : transactions.executeWrite(status -> {
                    int n = 0;
                    for (int from = 0; from < events.size(); from += MAX_ROWS) {
                        n += insert(events.subList(from, Math.min(events.size(), from + MAX_ROWS)), now);
                    }
                    return n;
                }));
        metrics.counter("webhook.events.accepted").increment(stored);
        metrics.counter("webhook.events.duplicate").increment(events.size() - stored);
    }

    /** One statement; returns how many rows were new. */
    private int insert(List<PlatformEvent> rows, Timestamp now) {
        String sql = statements.computeIfAbsent(rows.size(), n -> "INSERT IGNORE INTO inbox_event (channel, event_key, unit_id, "
                + "sender_id, event_type, payload, platform_ts, status, attempts, received_at) VALUES "
                + String.join(", ", Collections.nCopies(n, "(?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?)")));
        return jdbc.prepareStatement(sql, ps -> {
            try {
                int i = 0;
                for (PlatformEvent e : rows) {
                    i = bind(ps, i, e, now);
                }
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw new DataAccessException("Storing webhook events failed: " + e.getMessage(), e);
            }
        });
    }

    private int bind(PreparedStatement ps, int i, PlatformEvent e, Timestamp now) throws SQLException {
        ps.setString(++i, e.channel());
        ps.setString(++i, e.eventKey());
        ps.setLong(++i, e.unitId());
        ps.setString(++i, e.senderId());
        ps.setString(++i, e.type());
        ps.setString(++i, payload(e));
        ps.setLong(++i, e.platformTs());
        ps.setTimestamp(++i, now);
        return i;
    }

    private String payload(PlatformEvent e) {
        try {
            return json.writeValueAsString(e.inbound());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        running = false;
        writers.forEach(Thread::interrupt);
        try {
            for (Thread t : writers) {
                t.join(5_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Not stored: the webhook answers 500 and the platform delivers again.
        queue.forEach(p -> p.stored().completeExceptionally(new IllegalStateException("shutting down")));
    }
}
