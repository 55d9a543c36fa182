package vn.friendlygov.channel;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;

/** The follower registry per unit and channel: the audience for greetings; opt-out is kept here. */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface FollowerRepository extends GenericRepository<Follower, Long> {

    @Query("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
            + "VALUES (:unitId, :channel, :userId, :following, FALSE, :now, :now) "
            + "ON DUPLICATE KEY UPDATE following = :following, last_interaction_at = :now, updated_at = :now")
    void setFollowing(long unitId, String channel, String userId, boolean following, Instant now);

    /** A message counts as an interaction (opens the platforms' reply windows); it does not change following. */
    @Query("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
            + "VALUES (:unitId, :channel, :userId, :followingIfNew, FALSE, :now, :now) "
            + "ON DUPLICATE KEY UPDATE last_interaction_at = :now, updated_at = :now")
    void touch(long unitId, String channel, String userId, boolean followingIfNew, Instant now);

    @Query("UPDATE follower SET opted_out = :optedOut, updated_at = :now WHERE unit_id = :unitId AND channel = :channel AND user_id = :userId")
    void setOptedOut(long unitId, String channel, String userId, boolean optedOut, Instant now);

    @Query("UPDATE follower SET display_name = :displayName WHERE unit_id = :unitId AND channel = :channel AND user_id = :userId")
    void setDisplayName(long unitId, String channel, String userId, String displayName);

    Optional<Follower> findByUnitIdAndChannelAndUserId(Long unitId, String channel, String userId);
}
