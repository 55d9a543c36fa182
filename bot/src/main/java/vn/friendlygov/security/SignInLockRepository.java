package vn.friendlygov.security;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.Optional;

/**
 * Failure counts per username (V8). Every change is one atomic statement, so two instances
 * counting failures for the same name at once never lose one.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface SignInLockRepository extends GenericRepository<SignInLock, String> {

    @Query("SELECT * FROM sign_in_lock WHERE subject = :subject")
    Optional<SignInLock> find(String subject);

    @Query("INSERT IGNORE INTO sign_in_lock (subject, failures, window_start, locked_until, updated_at) "
            + "VALUES (:subject, 0, :now, NULL, :now)")
    void create(String subject, Instant now);

    /** Counts a failure; a count older than the window starts again at 1 (both SETs read the old window_start). */
    @Query("UPDATE sign_in_lock SET "
            + "failures = CASE WHEN window_start <= :windowFloor THEN 1 ELSE failures + 1 END, "
            + "window_start = CASE WHEN window_start <= :windowFloor THEN :now ELSE window_start END, "
            + "updated_at = :now WHERE subject = :subject")
    int countFailure(String subject, Instant now, Instant windowFloor);

    /** 1 when this failure reached the limit: the name is locked until {@code until} and counts from 0 after. */
    @Query("UPDATE sign_in_lock SET locked_until = :until, failures = 0, window_start = :now, updated_at = :now "
            + "WHERE subject = :subject AND failures >= :maxFailures")
    int lockIfReached(String subject, int maxFailures, Instant now, Instant until);

    @Query("DELETE FROM sign_in_lock WHERE subject = :subject")
    void clear(String subject);

    @Query("DELETE FROM sign_in_lock WHERE updated_at < :before AND (locked_until IS NULL OR locked_until < :before)")
    int deleteOlderThan(Instant before);
}
