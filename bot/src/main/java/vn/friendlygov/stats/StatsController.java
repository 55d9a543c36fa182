package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Leaders' figures and the case export (API.md). A LEADER sees their own unit; an ADMIN any unit
 * (an ADMIN bound to a unit only that one). Another unit is answered 404, as if it did not exist.
 */
@Controller("/api/v1")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatsController {
    static final int MAX_DAYS = 366;

    private final CurrentOfficial current;
    private final UnitRepository units;
    private final StatsQueries queries;
    private final TicketExport export;
    private final Clock clock;

    public StatsController(CurrentOfficial current, UnitRepository units, StatsQueries queries, TicketExport export, Clock clock) {
        this.current = current;
        this.units = units;
        this.queries = queries;
        this.export = export;
        this.clock = clock;
    }

    @Get("/stats{?unit,from,to}")
    public StatsFigures stats(Authentication auth, @Nullable @QueryValue String unit, @Nullable @QueryValue String from,
                              @Nullable @QueryValue String to) {
        Scope s = scope(auth, unit);
        Period p = period(from, to);
        return queries.figures(s.unitId(), s.code(), p.from(), p.to(), clock.instant());
    }

    @Get("/tickets/export{?unit,from,to,format}")
    public HttpResponse<Writable> export(Authentication auth, @Nullable @QueryValue String unit, @Nullable @QueryValue String from,
                                         @Nullable @QueryValue String to, @Nullable @QueryValue String format) {
        if (format != null && !format.isBlank() && !"csv".equalsIgnoreCase(format.strip())) {
            throw ApiException.badRequest("format chỉ nhận csv.");
        }
        Scope s = scope(auth, unit);
        Period p = period(from, to);
        String name = "phan-anh-" + (s.code() == null ? "tat-ca" : s.code()) + "-" + p.from() + "-" + p.to() + ".csv";
        return HttpResponse.ok(export.csv(s.unitId(), p.from(), p.to(), clock.instant()))
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store");
    }

    record Scope(@Nullable Long unitId, @Nullable String code) {
    }

    record Period(LocalDate from, LocalDate to) {
    }

    private Scope scope(Authentication auth, @Nullable String unit) {
        Official me = current.of(auth);
        if (unit == null || unit.isBlank()) {
            if (CurrentOfficial.allUnits(me)) {
                return new Scope(null, null);
            }
            Unit own = units.findById(me.unitId()).orElseThrow();
            return new Scope(own.id(), own.code());
        }
        Unit u = units.findByCode(unit.strip()).orElse(null);
        if (u == null || !CurrentOfficial.seesUnit(me, u.id())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "Không tìm thấy đơn vị '" + unit.strip() + "'.");
        }
        return new Scope(u.id(), u.code());
    }

    /** Defaults to the current month so far; at most a year so one request stays cheap. */
    private Period period(@Nullable String from, @Nullable String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE);
        LocalDate f = date(from, "from", today.withDayOfMonth(1));
        LocalDate t = date(to, "to", today);
        if (t.isBefore(f)) {
            throw ApiException.badRequest("to phải sau hoặc bằng from.");
        }
        if (f.plusDays(MAX_DAYS).isBefore(t)) {
            throw ApiException.badRequest("Khoảng thời gian tối đa là " + MAX_DAYS + " ngày.");
        }
        return new Period(f, t);
    }

    private static LocalDate date(@Nullable String v, String name, LocalDate fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " phải có dạng YYYY-MM-DD (ví dụ 2026-11-01).");
        }
    }
}
