package vn.friendlygov.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface ConversationRepository extends CrudRepository<Conversation, Long> {

    /** Locks the row so that one resident's messages are handled one at a time. */
    @Query("SELECT * FROM conversation WHERE unit_id = :unitId AND channel = :channel AND channel_user_id = :channelUserId FOR UPDATE")
    Optional<Conversation> findForUpdate(Long unitId, String channel, String channelUserId);

    /** Two first messages at once: one creates the row, the other finds it. */
    @Query("INSERT IGNORE INTO conversation (unit_id, channel, channel_user_id, status, unsure_count, opted_out, last_message_at, "
            + "created_at) VALUES (:unitId, :channel, :channelUserId, 'BOT', 0, FALSE, :now, :now)")
    void createIfAbsent(Long unitId, String channel, String channelUserId, java.time.Instant now);

    Optional<Conversation> findByUnitIdAndChannelAndChannelUserId(Long unitId, String channel, String channelUserId);
}
