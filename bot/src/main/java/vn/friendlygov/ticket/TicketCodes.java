package vn.friendlygov.ticket;

import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

/**
 * Case codes PA-<year>-<6 digits>, numbered per unit and year from a counter row. The row is
 * created in its own short transaction (so the intake's transaction never holds a gap lock that
 * a concurrent first insert waits on); the number is then taken with a plain UPDATE, whose row
 * lock queues concurrent intakes until each commits.
 */
@Singleton
public class TicketCodes {
    private final TicketRepository tickets;

    public TicketCodes(TicketRepository tickets) {
        this.tickets = tickets;
    }

    /** Inside the caller's transaction. */
    public String next(long unitId, int year) {
        if (tickets.counterExists(unitId, year) == 0) {
            createCounter(unitId, year);
        }
        tickets.incrementCounter(unitId, year);
        return String.format("PA-%d-%06d", year, tickets.counter(unitId, year));
    }

    @Transactional(propagation = TransactionDefinition.Propagation.REQUIRES_NEW)
    public void createCounter(long unitId, int year) {
        tickets.createCounter(unitId, year);
    }
}
