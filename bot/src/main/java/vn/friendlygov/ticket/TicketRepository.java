package vn.friendlygov.ticket;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface TicketRepository extends CrudRepository<Ticket, Long> {

    Optional<Ticket> findByUnitIdAndCode(Long unitId, String code);

    List<Ticket> findByCode(String code);

    @Query(value = "SELECT * FROM ticket WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Ticket> findForUpdate(Long id);

    List<Ticket> findByUnitIdAndChannelAndChannelUserIdOrderByCreatedAtDesc(Long unitId, String channel, String channelUserId);

    long countByUnitIdAndChannelAndChannelUserIdAndCreatedAtGreaterThanEquals(Long unitId, String channel,
                                                                             String channelUserId, Instant since);

    long countByClientAddressAndCreatedAtGreaterThanEquals(String clientAddress, Instant since);

    long countByUnitIdAndCreatedAtGreaterThanEquals(Long unitId, Instant since);

    List<Ticket> findByUnitIdOrderByCreatedAtDesc(Long unitId);

    /** Open cases with a reminder, an apology or an escalation possibly due. */
    @Query(value = "SELECT * FROM ticket WHERE status IN ('NEW', 'ASSIGNED', 'IN_PROGRESS') AND "
            + "((remind_at <= :now AND reminded_at IS NULL) OR (due_at <= :now AND escalated2_at IS NULL)) ORDER BY id",
            nativeQuery = true)
    List<Ticket> findFollowUpCandidates(Instant now);

    /** A consistent (non-locking) read: does the counter row exist? */
    @Query(value = "SELECT COUNT(*) FROM ticket_counter WHERE unit_id = :unitId AND code_year = :year", nativeQuery = true)
    long counterExists(long unitId, int year);

    @Query("INSERT IGNORE INTO ticket_counter (unit_id, code_year, last_value) VALUES (:unitId, :year, 0)")
    void createCounter(long unitId, int year);

    @Query("UPDATE ticket_counter SET last_value = last_value + 1 WHERE unit_id = :unitId AND code_year = :year")
    int incrementCounter(long unitId, int year);

    @Query(value = "SELECT last_value FROM ticket_counter WHERE unit_id = :unitId AND code_year = :year FOR UPDATE",
            nativeQuery = true)
    long counter(long unitId, int year);

    @Query(value = "SELECT COUNT(*) FROM outbox WHERE dedupe_key = :key", nativeQuery = true)
    long outboxCount(String key);
}
