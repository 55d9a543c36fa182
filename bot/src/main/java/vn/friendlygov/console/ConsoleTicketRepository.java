package vn.friendlygov.console;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import vn.friendlygov.ticket.Ticket;

import java.util.List;
import java.util.Optional;

/**
 * Cases as the console may show them: the caller's scope is part of every query (ConsoleScope), so a
 * case outside it is never loaded, whatever the URL says. {@code fields} is never empty (a
 * placeholder no category has), so {@code IN} stays valid SQL on MySQL and H2.
 */
@JdbcRepository(dialect = Dialect.MYSQL)
public interface ConsoleTicketRepository extends GenericRepository<Ticket, Long> {
    String SCOPE = "(:allUnits = TRUE OR unit_id = :unitId) AND (:allCases = TRUE OR assignee_id = :me OR category IN (:fields))";

    @Query(value = "SELECT * FROM ticket WHERE code = :code AND " + SCOPE + " ORDER BY id LIMIT 2", nativeQuery = true)
    List<Ticket> findInScope(String code, boolean allUnits, long unitId, boolean allCases, long me, List<String> fields);

    /** Open cases assigned to {@code me}, the nearest deadline first. */
    @Query(value = "SELECT * FROM ticket WHERE assignee_id = :me AND status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS') "
            + "ORDER BY due_at, id LIMIT 200", nativeQuery = true)
    List<Ticket> openAssignedTo(long me);

    /** Other open cases within the scope (the team's fields; a leader's whole unit), the nearest deadline first. */
    @Query(value = "SELECT * FROM ticket WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS') AND (assignee_id IS NULL OR assignee_id <> :me) AND "
            + SCOPE + " ORDER BY due_at, id LIMIT 200", nativeQuery = true)
    List<Ticket> openInScope(boolean allUnits, long unitId, boolean allCases, long me, List<String> fields);

    /** Recently answered or closed cases within the scope. */
    @Query(value = "SELECT * FROM ticket WHERE status IN ('ANSWERED', 'CLOSED', 'REJECTED') AND " + SCOPE
            + " ORDER BY updated_at DESC, id DESC LIMIT 30", nativeQuery = true)
    List<Ticket> recentInScope(boolean allUnits, long unitId, boolean allCases, long me, List<String> fields);

    /** Per unit in scope: open cases and overdue ones (leaders' figure on the inbox). */
    @Query(value = "SELECT * FROM ticket WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS') AND (:allUnits = TRUE OR unit_id = :unitId) "
            + "ORDER BY unit_id, due_at LIMIT 5000", nativeQuery = true)
    List<Ticket> openInUnits(boolean allUnits, long unitId);

    Optional<Ticket> findById(Long id);
}
