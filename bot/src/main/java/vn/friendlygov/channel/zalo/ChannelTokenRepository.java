package vn.friendlygov.channel.zalo;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface ChannelTokenRepository extends GenericRepository<ChannelToken, Long> {

    @Query("INSERT IGNORE INTO channel_token (unit_id, channel, access_token, refresh_token, expires_at, refresh_failed, updated_at) "
            + "VALUES (:unitId, :channel, :accessToken, :refreshToken, :expiresAt, FALSE, :now)")
    int seed(long unitId, String channel, String accessToken, String refreshToken, @Nullable Instant expiresAt, Instant now);

    @Query("SELECT * FROM channel_token WHERE unit_id = :unitId AND channel = :channel")
    Optional<ChannelToken> find(long unitId, String channel);

    /** The row lock that keeps two instances from spending the single-use refresh token at once. */
    @Query(value = "SELECT * FROM channel_token WHERE unit_id = :unitId AND channel = :channel FOR UPDATE", nativeQuery = true)
    Optional<ChannelToken> lock(long unitId, String channel);

    @Query("UPDATE channel_token SET access_token = :accessToken, refresh_token = :refreshToken, expires_at = :expiresAt, "
            + "refresh_failed = FALSE, failure_reason = NULL, updated_at = :now WHERE unit_id = :unitId AND channel = :channel")
    void rotate(long unitId, String channel, String accessToken, String refreshToken, Instant expiresAt, Instant now);

    @Query("UPDATE channel_token SET refresh_failed = TRUE, failure_reason = :reason, updated_at = :now "
            + "WHERE unit_id = :unitId AND channel = :channel")
    void markFailed(long unitId, String channel, String reason, Instant now);

    /** Tokens an administrator set in the console replace the stored pair (and clear a refresh failure). */
    @Query("UPDATE channel_token SET access_token = :accessToken, refresh_token = :refreshToken, expires_at = NULL, "
            + "refresh_failed = FALSE, failure_reason = NULL, updated_at = :now WHERE unit_id = :unitId AND channel = :channel")
    void replace(long unitId, String channel, String accessToken, @Nullable String refreshToken, Instant now);

    @Query("SELECT * FROM channel_token WHERE channel = :channel")
    List<ChannelToken> findAllByChannel(String channel);
}
