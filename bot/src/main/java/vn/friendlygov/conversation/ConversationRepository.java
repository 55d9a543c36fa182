package vn.friendlygov.conversation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface ConversationRepository extends CrudRepository<Conversation, Long> {

    /** Locks the row so that one resident's messages are handled one at a time. */
    @Query("SELECT * FROM conversation WHERE unit_id = :unitId AND channel = :channel AND channel_user_id = :channelUserId FOR UPDATE")
    Optional<Conversation> findForUpdate(Long unitId, String channel, String channelUserId);

    /** Several residents' conversations with one unit on one channel, locked in index order. */
    @Query("SELECT * FROM conversation WHERE unit_id = :unitId AND channel = :channel AND channel_user_id IN (:channelUserIds) "
            + "ORDER BY channel_user_id FOR UPDATE")
    List<Conversation> findAllForUpdate(Long unitId, String channel, java.util.Collection<String> channelUserIds);

    List<Conversation> findByIdIn(java.util.Collection<Long> ids);

    Optional<Conversation> findByUnitIdAndChannelAndChannelUserId(Long unitId, String channel, String channelUserId);
}
