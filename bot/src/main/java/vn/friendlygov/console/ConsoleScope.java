package vn.friendlygov.console;

import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.security.Official;
import vn.friendlygov.ticket.Ticket;

import java.util.ArrayList;
import java.util.List;

/**
 * What cases an official may see, as query parameters — the same rule as the ticket API: an ADMIN
 * of every unit all; an ADMIN of a unit or a LEADER their unit's; an OFFICIAL their unit's cases
 * assigned to them or in their fields (their team's work). Anything else is 404.
 */
public record ConsoleScope(boolean allUnits, long unitId, boolean allCases, long me, List<String> fields) {
    /** No category is called this: keeps {@code category IN (...)} non-empty. */
    static final String NONE = "-";

    public static ConsoleScope of(Official o) {
        boolean allUnits = CurrentOfficial.allUnits(o);
        boolean allCases = !Official.OFFICIAL.equals(o.role());
        List<String> fields = new ArrayList<>();
        if (o.fields() != null) {
            for (String f : o.fields().split(",")) {
                if (!f.isBlank()) {
                    fields.add(f.strip());
                }
            }
        }
        fields.add(NONE);
        return new ConsoleScope(allUnits, o.unitId() == null ? -1 : o.unitId(), allCases, o.id(), fields);
    }

    public List<Ticket> openInScope(ConsoleTicketRepository r) {
        return r.openInScope(allUnits, unitId, allCases, me, fields);
    }

    public List<Ticket> recentInScope(ConsoleTicketRepository r) {
        return r.recentInScope(allUnits, unitId, allCases, me, fields);
    }

    public List<Ticket> find(ConsoleTicketRepository r, String code) {
        return r.findInScope(code, allUnits, unitId, allCases, me, fields);
    }
}
