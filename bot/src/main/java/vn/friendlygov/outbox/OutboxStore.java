package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import io.micronaut.transaction.annotation.Transactional;
import vn.friendlygov.db.JdbcBatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Claims and outcomes of outbox rows. A claim is one short transaction: take the claim mutex,
 * pick due rows (only a recipient's oldest unsent one, so messages arrive in order) with
 * {@code FOR UPDATE SKIP LOCKED}, and lease them. A lease that runs out (the instance died) makes
 * the row due again. The lease also stamps {@code claimed_at}, which every recorded outcome clears:
 * a claimed row whose stamp is still set (as returned by the claim, read before the lease) had a
 * send whose outcome is unknown, and {@link OutboxDispatcher} asks the platform before sending it.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public abstract class OutboxStore implements GenericRepository<OutboxRow, Long> {
    private final JdbcOperations jdbc;

    protected OutboxStore(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A row the platform accepted, with the id it gave the message. */
    public record Sent(long id, String platformMessageId) {
    }

    @Query(value = "SELECT name FROM claim_mutex WHERE name = 'outbox' FOR UPDATE", nativeQuery = true)
    abstract String lockMutex();

    /**
     * USE INDEX: with the locking clause MariaDB chose a walk of the primary key from the oldest
     * row, through every sent message, so a claim grew slower with the table's history (372 ms with
     * 116k rows against 2.5 ms this way). Both MariaDB/MySQL and H2 take this hint. Priority first:
     * replies and officials' messages (0) before campaign messages (1, V19); then the rows that have
     * been due longest (V24), so rows deferred by a channel's rate limit go behind the other
     * channels' instead of being taken again and again ahead of them. A resident's messages
     * go in order within a priority, but a reply never waits for their campaign message (which
     * may be paused for days or held by the night ban): only an older row of the same or a more
     * urgent priority holds a row back.
     */
    public static final String DUE = "SELECT * FROM outbox o USE INDEX (ix_outbox_pending_due) WHERE o.status = 'PENDING' "
            + "AND o.next_attempt_at <= :now AND NOT EXISTS (SELECT 1 FROM outbox e WHERE e.channel = o.channel "
            + "AND e.recipient_id = o.recipient_id AND e.status = 'PENDING' AND e.id < o.id AND e.priority <= o.priority) "
            + "ORDER BY o.priority, o.next_attempt_at, o.id LIMIT :limit FOR UPDATE SKIP LOCKED";

    @Query(value = DUE, nativeQuery = true)
    abstract List<OutboxRow> due(Instant now, int limit);

    @Query("UPDATE outbox SET next_attempt_at = :leaseUntil, attempts = attempts + 1, claimed_at = :now WHERE id IN (:ids)")
    abstract void lease(List<Long> ids, Instant now, Instant leaseUntil);

    /** Extends the leases of rows still being sent (only while pending: a recorded row is left alone). */
    @Query("UPDATE outbox SET next_attempt_at = :leaseUntil WHERE id IN (:ids) AND status = 'PENDING'")
    public abstract void renewLeases(List<Long> ids, Instant leaseUntil);

    @Transactional
    public List<OutboxRow> claim(Instant now, int limit, Instant leaseUntil) {
        lockMutex();
        List<OutboxRow> rows = due(now, limit);
        if (!rows.isEmpty()) {
            lease(rows.stream().map(OutboxRow::id).toList(), now, leaseUntil);
        }
        return rows;
    }

    /** In the caller's transaction, one UPDATE per hundred rows (one statement per row cost the recorder most of its time). */
    public void markSent(List<Sent> sent, Instant now) {
        Timestamp at = Timestamp.from(now);
        JdbcBatch.inChunks(sent, chunk -> JdbcBatch.update(jdbc, "UPDATE outbox SET status = 'SENT', sent_at = ?, "
                + "failure_reason = NULL, reason_code = NULL, claimed_at = NULL, platform_message_id = " + JdbcBatch.cases("id", chunk.size())
                + " WHERE id IN (" + JdbcBatch.marks(chunk.size()) + ")", ps -> {
            int i = 0;
            ps.setTimestamp(++i, at);
            for (Sent s : chunk) {
                ps.setLong(++i, s.id());
                ps.setString(++i, s.platformMessageId());
            }
            for (Sent s : chunk) {
                ps.setLong(++i, s.id());
            }
        }));
    }

    /** SKIPPED or FAILED for good, with the reason code (or the platform's error code) and the details. */
    @Query("UPDATE outbox SET status = :status, reason_code = :code, failure_reason = :reason, claimed_at = NULL, "
            + "finished_at = :now WHERE id = :id")
    public abstract void markFinal(long id, String status, String code, String reason, Instant now);

    /**
     * Try again at {@code next}. {@code inDoubtSince}: null once the outcome is known; set when the
     * platform could not be asked about an in-doubt send, to the claim that left it so (not this
     * one), so the next check looks back far enough. The first failure of a run stamps
     * {@code retrying_since}, from which the retry budget counts.
     */
    @Query("UPDATE outbox SET next_attempt_at = :next, reason_code = :code, failure_reason = :reason, claimed_at = :inDoubtSince, "
            + "retrying_since = COALESCE(retrying_since, :now) WHERE id = :id")
    public abstract void retryAt(long id, Instant next, String code, String reason, @Nullable Instant inDoubtSince, Instant now);

    /**
     * An administrator sends a FAILED message again: pending now, with a fresh retry budget. Only a
     * FAILED row changes (0: it is not, or no longer, FAILED).
     */
    @Query("UPDATE outbox SET status = 'PENDING', next_attempt_at = :now, attempts = 0, retrying_since = NULL, "
            + "claimed_at = NULL, finished_at = NULL WHERE id = :id AND status = 'FAILED'")
    public abstract int requeueFailed(long id, Instant now);

    /** A send put off by a platform rule (a night ban, a full rate window): not an attempt. */
    public record Deferral(long id, Instant next, String reason, @Nullable Instant inDoubtSince) {
    }

    /**
     * As {@link #retryAt}, but not an attempt: the attempt is given back. In the caller's transaction,
     * one UPDATE per hundred rows: a campaign's backlog at a platform's cap is deferred by the
     * thousand, and one statement a row kept the recorder (and the in-flight bound, and the residents'
     * replies behind it) busy for seconds.
     */
    public void deferAll(List<Deferral> deferred) {
        // Nearly every deferral's outcome is known (claimed_at cleared); a send still in doubt keeps its claim's time.
        defer(deferred.stream().filter(d -> d.inDoubtSince() == null).toList(), false);
        defer(deferred.stream().filter(d -> d.inDoubtSince() != null).toList(), true);
    }

    private void defer(List<Deferral> deferred, boolean inDoubt) {
        JdbcBatch.inChunks(deferred, chunk -> JdbcBatch.update(jdbc, "UPDATE outbox SET attempts = attempts - 1, next_attempt_at = "
                + JdbcBatch.cases("id", chunk.size()) + ", failure_reason = " + JdbcBatch.cases("id", chunk.size())
                + ", claimed_at = " + (inDoubt ? JdbcBatch.cases("id", chunk.size()) : "NULL")
                + " WHERE id IN (" + JdbcBatch.marks(chunk.size()) + ")", ps -> {
            int i = 0;
            for (Deferral d : chunk) {
                ps.setLong(++i, d.id());
                ps.setTimestamp(++i, Timestamp.from(d.next()));
            }
            for (Deferral d : chunk) {
                ps.setLong(++i, d.id());
                ps.setString(++i, d.reason());
            }
            if (inDoubt) {
                for (Deferral d : chunk) {
                    ps.setLong(++i, d.id());
                    ps.setTimestamp(++i, Timestamp.from(d.inDoubtSince()));
                }
            }
            for (Deferral d : chunk) {
                ps.setLong(++i, d.id());
            }
        }));
    }

    /** Which of these platform message ids another row to the same recipient already holds. */
    @Query(value = "SELECT platform_message_id FROM outbox WHERE channel = :channel AND recipient_id = :recipientId "
            + "AND platform_message_id IN (:platformIds) AND id <> :id", nativeQuery = true)
    public abstract List<String> recordedElsewhere(long id, String channel, String recipientId, List<String> platformIds);
}
