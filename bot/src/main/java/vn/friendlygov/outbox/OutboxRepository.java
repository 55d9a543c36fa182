package vn.friendlygov.outbox;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface OutboxRepository extends CrudRepository<OutboxRow, Long> {

    long countByStatus(String status);
}
