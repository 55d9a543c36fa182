package vn.friendlygov.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * {@code GET /api/v1/audit?unit=&from=&to=&page=&size=}: the audit log, newest first. A LEADER sees
 * their unit's, an ADMIN confined to a unit that unit's, an ADMIN of the deployment everything
 * (or one unit with {@code unit=}). {@code from}/{@code to}: dates (Vietnamese calendar days, both
 * included) or ISO instants; {@code page} counts from 0.
 */
@Controller("/api/v1/audit")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AuditController {
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(long id, String at, String actor, @Nullable String unit, String action, String target,
                       @Nullable String before, @Nullable String after) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)   // "items": [] and "before": null rather than absent
    public record PageView(int page, int size, long total, List<Item> items) {
    }

    private final AuditLog audit;
    private final CurrentOfficial current;
    private final UnitDirectory units;

    public AuditController(AuditLog audit, CurrentOfficial current, UnitDirectory units) {
        this.audit = audit;
        this.current = current;
        this.units = units;
    }

    @Get("{?unit,from,to,page,size}")
    public PageView list(Authentication auth, @Nullable @QueryValue String unit, @Nullable @QueryValue String from,
                         @Nullable @QueryValue String to, @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        Official me = current.of(auth);
        Long unitId;
        if (unit != null && !unit.isBlank()) {
            Unit u = units.byCode(unit.strip()).filter(x -> CurrentOfficial.seesUnit(me, x.id()))
                    .orElseThrow(() -> ApiException.notFound("Không có đơn vị '" + unit.strip() + "'."));
            unitId = u.id();
        } else {
            unitId = CurrentOfficial.allUnits(me) ? null : me.unitId();
        }
        int p = page == null ? 0 : page;
        int s = size == null ? DEFAULT_SIZE : size;
        if (p < 0 || s < 1 || s > MAX_SIZE) {
            throw ApiException.badRequest("page phải từ 0 trở lên, size từ 1 đến " + MAX_SIZE + ".");
        }
        Instant fromAt = bound(from, "from", false);
        Instant toAt = bound(to, "to", true);
        AuditLog.Page result = audit.find(unitId, fromAt, toAt, p, s);
        List<Item> items = result.items().stream().map(e -> new Item(e.id(), iso(e.at()), e.actor(),
                e.unitId() == null ? null : units.byId(e.unitId()).map(Unit::code).orElse(null), e.action(), e.target(),
                e.before(), e.after())).toList();
        return new PageView(p, s, result.total(), items);
    }

    /** A date (its start, or for {@code to} the start of the next day) or an ISO instant with offset. */
    private static @Nullable Instant bound(@Nullable String value, String name, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            if (v.length() == 10) {
                LocalDate d = LocalDate.parse(v);
                return (end ? d.plusDays(1) : d).atStartOfDay(OfficeHours.ZONE).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " phải là ngày dạng 2026-12-01 hoặc thời điểm ISO-8601 (2026-12-01T08:00:00+07:00).");
        }
    }

    private static String iso(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(OfficeHours.ZONE).toOffsetDateTime().truncatedTo(ChronoUnit.MILLIS));
    }
}
