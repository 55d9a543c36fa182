package vn.friendlygov.inbox;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.channel.RejectedItem;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.channel.WebhookSettings;
import vn.friendlygov.db.Deadlocks;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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
 * When the database is gone a webhook answers 503 within {@code webhooks.store-timeout} (Zalo wants
 * an answer within 2 s; the pool alone would hold the writer 30 s for a connection): the writer asks
 * the pool for a connection with {@code webhooks.connection-timeout}, and fails its batch with 503.
 * Rejected items (unreadable, see {@link RejectedItem}) are stored in the same statement as REJECTED.
 */
@Singleton
public class InboxWriter {
    private static final Logger LOG = LoggerFactory.getLogger(InboxWriter.class);
    /** Rows per statement: keeps the statement small and the set of distinct SQL texts bounded. */
    private static final int MAX_ROWS = 100;
    private static final int MAX_ERROR = 480;

    private record Pending(List<Row> rows, int events, CompletableFuture<Void> stored) {
    }

    /** One inbox_event row. */
    private record Row(String channel, String eventKey, Long unitId, String senderId, String type, String payload,
                       long platformTs, String status, String error) {
    }

    private final DataSource dataSource;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final WebhookSettings settings;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Map<Integer, String> statements = new ConcurrentHashMap<>();
    private final List<Thread> writers = new ArrayList<>();
    private final int maxQueued;
    private volatile boolean running = true;

    public InboxWriter(DataSource dataSource, ObjectMapper json, Clock clock, MeterRegistry metrics, WebhookSettings settings,
                       InboxSettings inboxSettings) {
        this.maxQueued = inboxSettings.getWriterMaxQueued();
        int threads = inboxSettings.getWriterThreads();
        // The writer takes its own connections (never inside a caller's transaction) and must be able to bound the wait.
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
        this.settings = settings;
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::run, "inbox-writer-" + i);
            t.setDaemon(true);
            writers.add(t);
        }
        writers.forEach(Thread::start);
    }

    /**
     * Completes once the events and rejected items are committed, exceptionally (503) when they
     * could not be stored (the platform then delivers again). Completed on a writer thread.
     */
    public CompletableFuture<Void> store(WebhookItems items) {
        if (items.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        int events = items.events().size() + items.rejected().size();
        if (queue.size() >= maxQueued) {
            return refused(events, "queue_full", "Có quá nhiều sự kiện đang chờ lưu, xin gửi lại sau.");
        }
        List<Row> rows = new ArrayList<>(events);
        items.events().forEach(e -> rows.add(new Row(e.channel(), e.eventKey(), e.unitId(), e.senderId(), e.type(), payload(e),
                e.platformTs(), InboxEvent.PENDING, null)));
        items.rejected().forEach(r -> rows.add(new Row(r.channel(), r.eventKey(), r.unitId(), null, InboxEvent.REJECTED, r.rawJson(),
                0, InboxEvent.REJECTED, r.reason().length() > MAX_ERROR ? r.reason().substring(0, MAX_ERROR) : r.reason())));
        Pending p = new Pending(rows, events, new CompletableFuture<>());
        queue.add(p);
        long wait = settings.getStoreTimeout().toMillis();
        return p.stored().orTimeout(wait, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> e instanceof TimeoutException
                ? refused(events, "timeout", "Chưa lưu được sự kiện trong " + wait + " ms, xin gửi lại sau.")
                : CompletableFuture.failedFuture(e));
    }

    /** 503 (JSON): the platform delivers again later. */
    private CompletableFuture<Void> refused(int events, String reason, String message) {
        metrics.counter("webhook.events.refused", "reason", reason).increment(events);
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
                LOG.warn("Inbox: storing {} webhook requests failed, answered 503: {}", batch.size(), e.toString());
                int events = batch.stream().mapToInt(Pending::events).sum();
                metrics.counter("webhook.events.refused", "reason", "database").increment(events);
                ApiException unavailable = new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
                        "Cơ sở dữ liệu tạm thời không sẵn sàng, xin gửi lại sau.");
                batch.forEach(p -> p.stored().completeExceptionally(unavailable));
            }
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        List<Row> rows = new ArrayList<>();
        batch.forEach(p -> rows.addAll(p.rows()));
        // Two writers may insert the same redelivered event at once: in key order one waits for the
        // other instead of deadlocking (and a deadlock all the same is retried).
        rows.sort(Comparator.comparing(Row::channel).thenComparing(Row::eventKey));
        Timestamp now = Timestamp.from(clock.instant());
        int stored = Deadlocks.retry(() -> {
            try (Connection c = connection()) {
                if (rows.size() <= MAX_ROWS) {
                    return insert(c, rows, now);   // autocommit: the statement is its own transaction
                }
                c.setAutoCommit(false);
                try {
                    int n = 0;
                    for (int from = 0; from < rows.size(); from += MAX_ROWS) {
                        n += insert(c, rows.subList(from, Math.min(rows.size(), from + MAX_ROWS)), now);
                    }
                    c.commit();
                    return n;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } catch (SQLException e) {
                throw new DataAccessException("Storing webhook events failed: " + e.getMessage(), e);
            }
        });
        metrics.counter("webhook.events.accepted").increment(stored);
        metrics.counter("webhook.events.duplicate").increment(rows.size() - stored);
    }

    /** A pooled connection within {@code webhooks.connection-timeout}, not the pool's 30 s. */
    private Connection connection() throws SQLException {
        if (dataSource instanceof HikariDataSource h && h.getHikariPoolMXBean() instanceof HikariPool pool) {
            return pool.getConnection(settings.getConnectionTimeout().toMillis());
        }
        return dataSource.getConnection();
    }

    /** One statement; returns how many rows were new. */
    private int insert(Connection c, List<Row> rows, Timestamp now) throws SQLException {
        String sql = statements.computeIfAbsent(rows.size(), n -> "INSERT IGNORE INTO inbox_event (channel, event_key, unit_id, "
                + "sender_id, event_type, payload, platform_ts, status, error, attempts, received_at) VALUES "
                + String.join(", ", Collections.nCopies(n, "(?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)")));
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 0;
            for (Row r : rows) {
                ps.setString(++i, r.channel());
                ps.setString(++i, r.eventKey());
                if (r.unitId() == null) {
                    ps.setNull(++i, Types.BIGINT);
                } else {
                    ps.setLong(++i, r.unitId());
                }
                ps.setString(++i, r.senderId());
                ps.setString(++i, r.type());
                ps.setString(++i, r.payload());
                ps.setLong(++i, r.platformTs());
                ps.setString(++i, r.status());
                ps.setString(++i, r.error());
                ps.setTimestamp(++i, now);
            }
            return ps.executeUpdate();
        }
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
