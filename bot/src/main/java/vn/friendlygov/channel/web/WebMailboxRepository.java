package vn.friendlygov.channel.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface WebMailboxRepository extends GenericRepository<WebMailboxMessage, Long> {

    /** Next sequence number per conversation; the outbox sends one message per recipient at a time. */
    @Query("INSERT INTO web_mailbox (unit_id, conversation_key, seq, body, quick_replies, created_at) "
            + "SELECT :unitId, :conversationKey, COALESCE(MAX(seq), 0) + 1, :body, :quickReplies, :now FROM web_mailbox "
            + "WHERE unit_id = :unitId AND conversation_key = :conversationKey")
    void append(long unitId, String conversationKey, String body, @Nullable String quickReplies, Instant now);

    @Query("SELECT MAX(seq) FROM web_mailbox WHERE unit_id = :unitId AND conversation_key = :conversationKey")
    Integer lastSeq(long unitId, String conversationKey);

    @Query("SELECT * FROM web_mailbox WHERE unit_id = :unitId AND conversation_key = :conversationKey AND seq > :after "
            + "ORDER BY seq LIMIT 100")
    List<WebMailboxMessage> after(long unitId, String conversationKey, int after);
}
