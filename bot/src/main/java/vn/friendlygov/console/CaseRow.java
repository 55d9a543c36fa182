package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketStatus;

/** A case in a console list, with what the page shows already in Vietnamese. */
public record CaseRow(String code, String status, String statusLabel, String category, @Nullable String area,
                      String summary, @Nullable String assignee, String due, boolean overdue, String unit) {
    static final int SUMMARY = 140;

    static CaseRow of(Ticket t, String categoryName, @Nullable String assignee, boolean overdue, String unit) {
        String d = t.getDescription() == null ? "" : t.getDescription().strip();
        return new CaseRow(t.getCode(), t.getStatus(), TicketStatus.valueOf(t.getStatus()).label(), categoryName, t.getArea(),
                d.length() > SUMMARY ? d.substring(0, SUMMARY) + "…" : d, assignee, ConsolePages.shown(t.getDueAt()), overdue, unit);
    }
}
