package vn.friendlygov.ticket;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.accounts.AccountService;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Seeds each configured unit's officials ({@code units.<code>.officials}, by username, never
 * overwriting) and routing rules ({@code units.<code>.ticket-routing}, only while the unit has none
 * and its rules were never edited in the console),
 * so that the database, edited later by administrators, stays the source of truth.
 */
@Singleton
public class TicketSetup implements ApplicationEventListener<StartupEvent>, Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(TicketSetup.class);

    private final Collection<UnitTicketProperties> configured;
    private final UnitRepository units;
    private final OfficialRepository officials;
    private final RoutingRuleRepository rules;
    private final TicketCatalog catalog;
    private final Clock clock;

    public TicketSetup(Collection<UnitTicketProperties> configured, UnitRepository units, OfficialRepository officials,
                       RoutingRuleRepository rules, TicketCatalog catalog, Clock clock) {
        this.configured = configured;
        this.units = units;
        this.officials = officials;
        this.rules = rules;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        seed();
    }

    /** After UnitDirectory (default order) has written the configured units to the database. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    public void seed() {
        for (UnitTicketProperties p : configured) {
            Optional<Unit> unit = units.findByCode(p.getCode());
            if (unit.isEmpty()) {
                continue;
            }
            long unitId = unit.get().id();
            for (Map<String, String> o : p.getOfficials()) {
                String username = required(p, o, "username");
                if (officials.findByUsername(username).isEmpty()) {
                    String role = o.getOrDefault("role", Official.OFFICIAL);
                    // No usable password: an administrator sets one (README, "Accounts").
                    officials.save(new Official(null, unitId, username, AccountService.NO_PASSWORD,
                            required(p, o, "full-name"), o.get("title"), role, o.get("fields"),
                            Boolean.parseBoolean(o.getOrDefault("on-duty", "false")), blank(o.get("zalo-user-id")),
                            blank(o.get("messenger-psid")), true, clock.instant()));
                    LOG.info("Official {} seeded for unit {} (no password until an administrator sets one)", username, p.getCode());
                }
            }
            // Never again once the rules were edited in the console (even all deleted).
            if (unit.get().routingEditedAt() == null && rules.countByUnitId(unitId) == 0) {
                for (Map<String, String> r : p.getTicketRouting()) {
                    String category = blank(r.get("category"));
                    if (category != null && catalog.category(category).isEmpty()) {
                        throw new IllegalStateException("units." + p.getCode() + ".ticket-routing: unknown category " + category);
                    }
                    Long officialId = null;
                    if (blank(r.get("official")) != null) {
                        officialId = officials.findByUsername(r.get("official")).map(Official::id).orElseThrow(() ->
                                new IllegalStateException("units." + p.getCode() + ".ticket-routing: unknown official " + r.get("official")));
                    }
                    rules.save(new RoutingRule(null, unitId, category, blank(r.get("area")), officialId, required(p, r, "department"),
                            blank(r.get("team"))));
                }
            }
        }
    }

    private static String required(UnitTicketProperties p, Map<String, String> m, String key) {
        String v = blank(m.get(key));
        if (v == null) {
            throw new IllegalStateException("units." + p.getCode() + ": an entry lacks '" + key + "': " + m.keySet());
        }
        return v;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
