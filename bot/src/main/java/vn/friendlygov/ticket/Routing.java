package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.friendlygov.nlu.VietnameseText;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Who handles a case and who is above them. The most specific matching rule wins (category and
 * area, then category, then area, then the unit default). A rule without an official goes to a
 * member of its team, or else to an official whose fields include the category; officials on
 * today's duty roster ({@link DutyRoster}) come first, then those marked on duty.
 */
@Singleton
public class Routing {
    static final String DEFAULT_DEPARTMENT = "Văn phòng HĐND và UBND";

    public record Route(@Nullable Official official, String department) {
    }

    private final RoutingRuleRepository rules;
    private final OfficialRepository officials;
    private final DutyRoster roster;

    public Routing(RoutingRuleRepository rules, OfficialRepository officials, DutyRoster roster) {
        this.rules = rules;
        this.officials = officials;
        this.roster = roster;
    }

    public Route route(long unitId, String category, @Nullable String area) {
        Optional<RoutingRule> rule = rules.findByUnitId(unitId).stream()
                .filter(r -> r.category() == null || r.category().equals(category))
                .filter(r -> r.area() == null || sameArea(r.area(), area))
                .max(Comparator.comparingInt(r -> (r.category() != null ? 2 : 0) + (r.area() != null ? 1 : 0)));
        Official official = rule.map(RoutingRule::officialId).flatMap(officials::findById).filter(Official::active)
                .or(() -> rule.map(RoutingRule::team).flatMap(team -> teamOfficial(unitId, team, category)))
                .orElseGet(() -> fieldOfficial(unitId, category).orElse(null));
        return new Route(official, rule.map(RoutingRule::department).orElse(DEFAULT_DEPARTMENT));
    }

    private Optional<Official> fieldOfficial(long unitId, String category) {
        Set<Long> rostered = roster.onDutyToday(unitId);
        return active(unitId).stream()
                .filter(o -> Official.OFFICIAL.equals(o.role()) && TicketCatalog.split(o.fields()).contains(category))
                .max(Comparator.comparing((Official o) -> rostered.contains(o.id())).thenComparing(Official::onDuty));
    }

    /** A member of the team: on today's roster first, then one whose fields include the category, then one on duty. */
    private Optional<Official> teamOfficial(long unitId, String team, String category) {
        Set<Long> rostered = roster.onDutyToday(unitId);
        return active(unitId).stream()
                .filter(o -> !Official.ADMIN.equals(o.role()) && o.team() != null && o.team().equalsIgnoreCase(team.strip()))
                .max(Comparator.comparing((Official o) -> rostered.contains(o.id()))
                        .thenComparing(o -> TicketCatalog.split(o.fields()).contains(category))
                        .thenComparing(Official::onDuty));
    }

    /** The leader in charge of the category's field; the chairman when none is. */
    public Optional<Official> fieldLeader(long unitId, String category) {
        return active(unitId).stream()
                .filter(o -> Official.LEADER.equals(o.role()) && TicketCatalog.split(o.fields()).contains(category))
                .findFirst()
                .or(() -> chairman(unitId));
    }

    /** The unit's chairman: the leader whose title starts with "Chủ tịch" (not "Phó Chủ tịch"). */
    public Optional<Official> chairman(long unitId) {
        return active(unitId).stream()
                .filter(o -> Official.LEADER.equals(o.role()) && o.title() != null
                        && VietnameseText.fold(o.title().toLowerCase(Locale.ROOT)).startsWith("chu tich"))
                .findFirst();
    }

    public List<Official> leaders(long unitId) {
        return active(unitId).stream().filter(o -> Official.LEADER.equals(o.role())).toList();
    }

    private List<Official> active(long unitId) {
        return officials.findByUnitIdAndActive(unitId, true).stream().sorted(Comparator.comparing(Official::id)).toList();
    }

    private static boolean sameArea(String ruleArea, @Nullable String area) {
        return area != null && VietnameseText.fold(VietnameseText.clean(area))
                .contains(VietnameseText.fold(VietnameseText.clean(ruleArea)));
    }
}
