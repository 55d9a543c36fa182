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

    /** The administrators' list of undelivered messages, filtered and paged in SQL. */
    io.micronaut.data.model.Page<OutboxRow> findByStatusIn(java.util.Collection<String> statuses,
                                                           io.micronaut.data.model.Pageable pageable);

    io.micronaut.data.model.Page<OutboxRow> findByStatusInAndUnitId(java.util.Collection<String> statuses, Long unitId,
                                                                    io.micronaut.data.model.Pageable pageable);

    /** Every message about a case, in the order queued (the ticket's "deliveries"). */
    java.util.List<OutboxRow> findByTicketIdOrderById(Long ticketId);
}
