package vn.friendlygov.ticket;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface TicketEventRepository extends CrudRepository<TicketEvent, Long> {
    List<TicketEvent> findByTicketIdOrderById(Long ticketId);
}
