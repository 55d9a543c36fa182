package vn.friendlygov.ticket;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

/**
 * A database lease: scheduled work runs on whichever instance holds it; a holder that dies
 * without releasing it loses it when {@code locked_until} passes.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface JobLeaseRepository extends CrudRepository<JobLease, String> {

    @Query("INSERT IGNORE INTO job_lease (name, owner, locked_until) VALUES (:name, '', :epoch)")
    void create(String name, Instant epoch);

    /** 1 when {@code owner} now holds the lease until {@code until}. */
    @Query("UPDATE job_lease SET owner = :owner, locked_until = :until WHERE name = :name "
            + "AND (locked_until <= :now OR owner = :owner)")
    int take(String name, String owner, Instant now, Instant until);

    @Query("UPDATE job_lease SET locked_until = :now WHERE name = :name AND owner = :owner")
    int release(String name, String owner, Instant now);
}
