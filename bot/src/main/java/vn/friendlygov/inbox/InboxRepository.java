package vn.friendlygov.inbox;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface InboxRepository extends CrudRepository<InboxEvent, Long> {

    /**
     * The senders' unhandled events, locked, each sender's in the order sent: a second worker for
     * the same residents waits here, so one resident's messages are handled one at a time and in order.
     */
    @Query(value = "SELECT * FROM inbox_event WHERE channel = :channel AND sender_id IN (:senderIds) AND status = 'PENDING' "
            + "ORDER BY sender_id, platform_ts, id LIMIT :limit FOR UPDATE", nativeQuery = true)
    List<InboxEvent> lockPending(String channel, Collection<String> senderIds, int limit);

    @Query("UPDATE inbox_event SET status = 'DONE', processed_at = :now, error = NULL, attempts = attempts + 1 WHERE id IN (:ids)")
    void finishAll(List<Long> ids, Instant now);

    @Query("UPDATE inbox_event SET status = :status, processed_at = :now, error = :error, attempts = attempts + 1 WHERE id = :id")
    void finish(long id, String status, @io.micronaut.core.annotation.Nullable String error, Instant now);

    @Query("UPDATE inbox_event SET attempts = attempts + 1, error = :error WHERE id = :id")
    void recordFailure(long id, String error);

    /** Senders with events left behind (a crash, a restart): picked up again. */
    @Query(value = "SELECT DISTINCT channel, sender_id FROM inbox_event WHERE status = 'PENDING' AND received_at < :before LIMIT 1000",
            nativeQuery = true)
    List<PendingSender> pendingSenders(Instant before);
}
