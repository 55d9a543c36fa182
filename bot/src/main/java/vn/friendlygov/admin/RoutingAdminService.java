package vn.friendlygov.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.RoutingRule;
import vn.friendlygov.ticket.RoutingRuleRepository;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.unit.Unit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routing rules edited in the console (category × area → an official or a team). The next complaint
 * is routed by them at once ({@code ticket/Routing} reads the table for every case). Once edited,
 * configuration's {@code ticket-routing} is never seeded again for the unit (unit.routing_edited_at).
 */
@Singleton
public class RoutingAdminService {
    static final Set<String> FIELDS = Set.of("category", "area", "official", "team", "department");

    @Serdeable
    public record RuleView(long id, @Nullable String category, @Nullable String categoryName, @Nullable String area,
                           @Nullable String official, @Nullable String team, String department) {
    }

    private final RoutingRuleRepository rules;
    private final OfficialRepository officials;
    private final TicketCatalog catalog;
    private final JdbcOperations jdbc;
    private final AuditLog audit;
    private final Clock clock;

    public RoutingAdminService(RoutingRuleRepository rules, OfficialRepository officials, TicketCatalog catalog,
                               JdbcOperations jdbc, AuditLog audit, Clock clock) {
        this.rules = rules;
        this.officials = officials;
        this.catalog = catalog;
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public List<RuleView> list(Unit unit) {
        return rules.findByUnitId(unit.id()).stream().sorted(Comparator.comparing(RoutingRule::id)).map(this::view).toList();
    }

    @Transactional
    public RuleView create(Official me, Unit unit, Map<String, Object> body) {
        RoutingRule rule = rules.save(read(unit, null, body));
        edited(unit);
        RuleView v = view(rule);
        audit.record(me.username(), unit.id(), "routing.create", unit.code() + "#" + rule.id(), null, audit.json(auditMap(v)));
        return v;
    }

    @Transactional
    public RuleView update(Official me, Unit unit, long id, Map<String, Object> body) {
        RoutingRule old = find(unit, id);
        RoutingRule rule = rules.update(read(unit, id, body));
        edited(unit);
        RuleView v = view(rule);
        audit.record(me.username(), unit.id(), "routing.update", unit.code() + "#" + id, audit.json(auditMap(view(old))),
                audit.json(auditMap(v)));
        return v;
    }

    @Transactional
    public void delete(Official me, Unit unit, long id) {
        RoutingRule old = find(unit, id);
        rules.deleteById(old.id());
        edited(unit);
        audit.record(me.username(), unit.id(), "routing.delete", unit.code() + "#" + id, audit.json(auditMap(view(old))), null);
    }

    /** Another unit's rule does not exist for this unit's administrators. */
    private RoutingRule find(Unit unit, long id) {
        return rules.findById(id).filter(r -> r.unitId().equals(unit.id()))
                .orElseThrow(() -> ApiException.notFound("Không có quy tắc phân công số " + id + "."));
    }

    private RoutingRule read(Unit unit, @Nullable Long id, Map<String, Object> json) {
        Body in = new Body(json, FIELDS);
        String category = in.string("category", 64);
        if (category != null && catalog.category(category).isEmpty()) {
            throw Body.invalid("Không có lĩnh vực '" + category + "'.");
        }
        String area = in.string("area", 300);
        String team = in.string("team", 100);
        String username = in.string("official", 64);
        Long officialId = null;
        if (username != null) {
            Official o = officials.findByUsername(username).filter(x -> unit.id().equals(x.unitId()) && x.active())
                    .orElseThrow(() -> Body.invalid("Không có cán bộ '" + username + "' đang làm việc ở đơn vị này."));
            officialId = o.id();
        }
        if (team != null && officials.findByUnitIdAndActive(unit.id(), true).stream()
                .noneMatch(o -> team.equalsIgnoreCase(o.team() == null ? "" : o.team()))) {
            throw Body.invalid("Đơn vị chưa có cán bộ nào thuộc tổ '" + team + "'.");
        }
        String department = in.required("department", 200);
        return new RoutingRule(id, unit.id(), category, area, officialId, department, team);
    }

    private void edited(Unit unit) {
        jdbc.prepareStatement("UPDATE unit SET routing_edited_at = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant()));
            ps.setLong(2, unit.id());
            return ps.executeUpdate();
        });
    }

    private RuleView view(RoutingRule r) {
        String username = r.officialId() == null ? null : officials.findById(r.officialId()).map(Official::username).orElse(null);
        return new RuleView(r.id(), r.category(), r.category() == null ? null : catalog.name(r.category()), r.area(), username,
                r.team(), r.department());
    }

    private static Map<String, Object> auditMap(RuleView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("category", v.category());
        m.put("area", v.area());
        m.put("official", v.official());
        m.put("team", v.team());
        m.put("department", v.department());
        return m;
    }
}
