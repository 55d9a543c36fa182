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

    /**
     * Next sequence number per conversation; the outbox sends one message per recipient at a time.
     * A message whose dedupe key (the outbox row's) is already there is not added again: a send
     * repeated after a crash changes nothing.
     */
    @Query("INSERT INTO web_mailbox (unit_id, conversation_key, seq, body, quick_replies, created_at, dedupe_key) "
            + "SELECT :unitId, :conversationKey, n.next_seq, :body, :quickReplies, :now, :dedupeKey FROM "
            + "(SELECT COALESCE(MAX(seq), 0) + 1 AS next_seq FROM web_mailbox WHERE unit_id = :unitId AND conversation_key = :conversationKey) n "
            + "WHERE NOT EXISTS (SELECT 1 FROM web_mailbox d WHERE d.dedupe_key = :dedupeKey)")
    void append(long unitId, String conversationKey, String body, @Nullable String quickReplies, Instant now, String dedupeKey);

    @Query("SELECT seq FROM web_mailbox WHERE dedupe_key = :dedupeKey")
    Integer seqOf(String dedupeKey);

    @Query("SELECT * FROM web_mailbox WHERE unit_id = :unitId AND conversation_key = :conversationKey AND seq > :after "
            + "ORDER BY seq LIMIT 100")
    List<WebMailboxMessage> after(long unitId, String conversationKey, int after);
}
