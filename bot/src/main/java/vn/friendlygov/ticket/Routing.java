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

/**
 * Who handles a case and who is above them. The most specific matching rule wins (category and
 * area, then category, then area, then the unit default). A rule without an official goes to an
 * on-duty official whose fields include the category.
 */
@Singleton
public class Routing {
    static final String DEFAULT_DEPARTMENT = "Văn phòng HĐND và UBND";

    public record Route(@Nullable Official official, String department) {
    }

    private final RoutingRuleRepository rules;
    private final OfficialRepository officials;

    public Routing(RoutingRuleRepository rules, OfficialRepository officials) {
        this.rules = rules;
        this.officials = officials;
    }

    public Route route(long unitId, String category, @Nullable String area) {
        Optional<RoutingRule> rule = rules.findByUnitId(unitId).stream()
                .filter(r -> r.category() == null || r.category().equals(category))
                .filter(r -> r.area() == null || sameArea(r.area(), area))
                .max(Comparator.comparingInt(r -> (r.category() != null ? 2 : 0) + (r.area() != null ? 1 : 0)));
        Official official = rule.map(RoutingRule::officialId).flatMap(officials::findById).filter(Official::active)
                .orElseGet(() -> fieldOfficial(unitId, category).orElse(null));
        return new Route(official, rule.map(RoutingRule::department).orElse(DEFAULT_DEPARTMENT));
    }

    private Optional<Official> fieldOfficial(long unitId, String category) {
        return active(unitId).stream()
                .filter(o -> Official.OFFICIAL.equals(o.role()) && TicketCatalog.split(o.fields()).contains(category))
                .max(Comparator.comparing(Official::onDuty));
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
