package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketService;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Reading cases for the console, always through {@link ConsoleScope}. */
@Singleton
public class ConsoleCases {
    private static final Pattern CODE = Pattern.compile("PA-\\d{4}-\\d{6}");

    /** Leaders' figure: open and overdue cases and conversations waiting for an official, of one unit. */
    public record UnitLoad(String unit, int open, int overdue, int waiting) {
    }

    private final ConsoleTicketRepository tickets;
    private final TicketService service;
    private final TicketCatalog catalog;
    private final OfficialRepository officials;
    private final UnitRepository units;
    private final Clock clock;
    private final JdbcOperations jdbc;

    public ConsoleCases(ConsoleTicketRepository tickets, TicketService service, TicketCatalog catalog,
                        OfficialRepository officials, UnitRepository units, Clock clock, JdbcOperations jdbc) {
        this.jdbc = jdbc;
        this.tickets = tickets;
        this.service = service;
        this.catalog = catalog;
        this.officials = officials;
        this.units = units;
        this.clock = clock;
    }

    public List<CaseRow> mine(Official me) {
        return rows(tickets.openAssignedTo(me.id()));
    }

    public List<CaseRow> othersInScope(Official me) {
        return rows(ConsoleScope.of(me).openInScope(tickets));
    }

    public List<CaseRow> recent(Official me) {
        return rows(ConsoleScope.of(me).recentInScope(tickets));
    }

    @Transactional(readOnly = true)
    public List<UnitLoad> perUnit(Official me) {
        ConsoleScope s = ConsoleScope.of(me);
        Instant now = clock.instant();
        Map<Long, int[]> counts = new LinkedHashMap<>();
        for (Ticket t : tickets.openInUnits(s.allUnits(), s.unitId())) {
            int[] c = counts.computeIfAbsent(t.getUnitId(), k -> new int[3]);
            c[0]++;
            if (service.overdue(t, now)) {
                c[1]++;
            }
        }
        jdbc.prepareStatement("SELECT unit_id, COUNT(*) FROM conversation WHERE status = 'WAITING_FOR_OFFICIAL' AND (? OR unit_id = ?) "
                + "GROUP BY unit_id", ps -> {
            ps.setBoolean(1, s.allUnits());
            ps.setLong(2, s.unitId());
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.computeIfAbsent(rs.getLong(1), k -> new int[3])[2] = rs.getInt(2);
                }
            }
            return null;
        });
        List<UnitLoad> out = new ArrayList<>();
        counts.forEach((unit, c) -> out.add(new UnitLoad(units.findById(unit).map(Unit::name).orElse("?"), c[0], c[1], c[2])));
        return out;
    }

    /**
     * The case with this code in {@code me}'s scope; 404 otherwise (another unit's or team's case does
     * not exist for them). An administrator of every unit whose code is ambiguous names the unit.
     */
    public Ticket find(Official me, String code, @Nullable String unitCode) {
        String normalized = code.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(normalized).matches()) {
            throw ApiException.notFound("Mã phản ánh có dạng PA-<năm>-<6 chữ số>, ví dụ PA-2026-000123.");
        }
        List<Ticket> found = ConsoleScope.of(me).find(tickets, normalized);
        if (unitCode != null && !unitCode.isBlank()) {
            Long unitId = units.findByCode(unitCode.strip()).map(Unit::id).orElse(-1L);
            found = found.stream().filter(t -> t.getUnitId().equals(unitId)).toList();
        }
        if (found.size() > 1) {
            throw ApiException.badRequest("Nhiều đơn vị có mã " + normalized + ": thêm ?unit=<mã đơn vị>.");
        }
        return found.stream().findFirst()
                .orElseThrow(() -> ApiException.notFound("Không có phản ánh " + normalized + " trong phạm vi của anh/chị."));
    }

    public boolean overdue(Ticket t) {
        return service.overdue(t, clock.instant());
    }

    List<CaseRow> rows(List<Ticket> list) {
        Instant now = clock.instant();
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, String> unitNames = new LinkedHashMap<>();
        return list.stream().map(t -> CaseRow.of(t, catalog.name(t.getCategory()),
                t.getAssigneeId() == null ? null : names.computeIfAbsent(t.getAssigneeId(),
                        id -> officials.findById(id).map(Official::fullName).orElse(null)),
                service.overdue(t, now),
                unitNames.computeIfAbsent(t.getUnitId(), id -> units.findById(id).map(Unit::name).orElse("")))).toList();
    }
}
