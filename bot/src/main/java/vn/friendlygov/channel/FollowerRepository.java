package vn.friendlygov.channel;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import vn.friendlygov.db.JdbcBatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The follower registry per unit and channel: the audience for greetings; opt-out is kept here. */
@JdbcRepository(dialect = Dialect.MYSQL)
public abstract class FollowerRepository implements GenericRepository<Follower, Long> {
    private static final String TOUCH = "INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, "
            + "updated_at) VALUES (?, ?, ?, ?, FALSE, ?, ?) "
            + "ON DUPLICATE KEY UPDATE last_interaction_at = VALUES(last_interaction_at), updated_at = VALUES(updated_at)";

    private final JdbcOperations jdbc;

    protected FollowerRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** A resident who wrote: {@code followingIfNew} applies only to one not yet in the registry. */
    public record Touch(long unitId, String channel, String userId, boolean followingIfNew) {
    }

    @Query("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
            + "VALUES (:unitId, :channel, :userId, :following, FALSE, :now, :now) "
            + "ON DUPLICATE KEY UPDATE following = :following, last_interaction_at = :now, updated_at = :now")
    public abstract void setFollowing(long unitId, String channel, String userId, boolean following, Instant now);

    /**
     * Messages count as interactions (they open the platforms' reply windows); they do not change
     * following. One round trip for the lot.
     */
    public void touchAll(List<Touch> touches, Instant now) {
        Timestamp at = Timestamp.from(now);
        JdbcBatch.run(jdbc, TOUCH, touches, (ps, t) -> {
            ps.setLong(1, t.unitId());
            ps.setString(2, t.channel());
            ps.setString(3, t.userId());
            ps.setBoolean(4, t.followingIfNew());
            ps.setTimestamp(5, at);
            ps.setTimestamp(6, at);
        });
    }

    @Query("UPDATE follower SET opted_out = :optedOut, updated_at = :now WHERE unit_id = :unitId AND channel = :channel AND user_id = :userId")
    public abstract void setOptedOut(long unitId, String channel, String userId, boolean optedOut, Instant now);

    /** Several residents at once (the outbox checks the platforms' windows against their last interaction). */
    public abstract List<Follower> findByUnitIdAndChannelAndUserIdIn(Long unitId, String channel, Collection<String> userIds);

    public abstract Optional<Follower> findByUnitIdAndChannelAndUserId(Long unitId, String channel, String userId);
}
