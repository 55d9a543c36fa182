package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One change of a ticket: a status change, an assignment, a reminder, an escalation, a rating... */
@MappedEntity("ticket_event")
public record TicketEvent(
        @Id @GeneratedValue @Nullable Long id,
        Long ticketId,
        String type,
        @Nullable String fromStatus,
        @Nullable String toStatus,
        String actor,
        @Nullable String note,
        Instant createdAt) {
    public static final String SYSTEM = "hệ thống";
    public static final String RESIDENT = "người dân";
}
