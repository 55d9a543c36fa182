package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/**
 * Category × area → an official or a team, and the department named to the resident; a null
 * category or area matches any. With a team and no official, the case goes to a member of the team.
 */
@MappedEntity("ticket_routing_rule")
public record RoutingRule(
        @Id @GeneratedValue @Nullable Long id,
        Long unitId,
        @Nullable String category,
        @Nullable String area,
        @Nullable Long officialId,
        String department,
        @Nullable String team) {

    @Creator
    public RoutingRule {
    }

    public RoutingRule(@Nullable Long id, Long unitId, @Nullable String category, @Nullable String area,
                       @Nullable Long officialId, String department) {
        this(id, unitId, category, area, officialId, department, null);
    }
}
