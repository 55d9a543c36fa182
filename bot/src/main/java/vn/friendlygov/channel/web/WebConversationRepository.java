package vn.friendlygov.channel.web;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import vn.friendlygov.conversation.Conversation;

import java.util.Collection;
import java.util.List;

/** Which web-chat conversation ids the server issued (their conversation rows exist). */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface WebConversationRepository extends GenericRepository<Conversation, Long> {

    boolean existsByUnitIdAndChannelAndChannelUserId(Long unitId, String channel, String channelUserId);

    /** The web conversations among these units and ids, one statement for a lane's batch (the unique key's order). */
    @Query("SELECT * FROM conversation WHERE unit_id IN (:unitIds) AND channel = 'web' AND channel_user_id IN (:ids)")
    List<Conversation> findIssued(Collection<Long> unitIds, Collection<String> ids);
}
