package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

/** Category × area → official and department; a null category or area matches any. */
@MappedEntity("ticket_routing_rule")
public record RoutingRule(
        @Id @GeneratedValue @Nullable Long id,
        Long unitId,
        @Nullable String category,
        @Nullable String area,
        @Nullable Long officialId,
        String department) {
}
