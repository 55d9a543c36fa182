package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface OutboxRepository extends CrudRepository<OutboxRow, Long> {

    @Query("INSERT IGNORE INTO outbox (dedupe_key, unit_id, channel, recipient_id, conversation_id, kind, body, status, "
            + "attempts, next_attempt_at, created_at) VALUES (:dedupeKey, :unitId, :channel, :recipientId, :conversationId, "
            + ":kind, :body, 'PENDING', 0, :now, :now)")
    int insertIgnore(String dedupeKey, long unitId, String channel, String recipientId, @Nullable Long conversationId, String kind,
                     String body, Instant now);


    long countByStatus(String status);
}
