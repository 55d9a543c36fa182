package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.http.HttpResponse;
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
import vn.friendlygov.security.Official;

import java.time.Clock;

/**
 * Leaders' figures and the case export (API.md). A LEADER sees their own unit; an ADMIN any unit
 * (an ADMIN bound to a unit only that one). Another unit is answered 404, as if it did not exist.
 */
@Controller("/api/v1")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class StatsController {
    private final CurrentOfficial current;
    private final StatsScope scopes;
    private final StatsQueries queries;
    private final TicketExport export;
    private final Clock clock;

    public StatsController(CurrentOfficial current, StatsScope scopes, StatsQueries queries, TicketExport export, Clock clock) {
        this.current = current;
        this.scopes = scopes;
        this.queries = queries;
        this.export = export;
        this.clock = clock;
    }

    @Get("/stats{?unit,from,to}")
    public StatsFigures stats(Authentication auth, @Nullable @QueryValue String unit, @Nullable @QueryValue String from,
                              @Nullable @QueryValue String to) {
        StatsScope.Scope s = scopes.scope(current.of(auth), unit);
        StatsScope.Period p = scopes.period(from, to);
        return queries.figures(s.unitId(), s.code(), p.from(), p.to(), clock.instant());
    }

    @Get("/tickets/export{?unit,from,to,format}")
    public HttpResponse<Writable> export(Authentication auth, @Nullable @QueryValue String unit, @Nullable @QueryValue String from,
                                         @Nullable @QueryValue String to, @Nullable @QueryValue String format) {
        if (format != null && !format.isBlank() && !"csv".equalsIgnoreCase(format.strip())) {
            throw ApiException.badRequest("format chỉ nhận csv.");
        }
        StatsScope.Scope s = scopes.scope(current.of(auth), unit);
        StatsScope.Period p = scopes.period(from, to);
        String name = "phan-anh-" + (s.code() == null ? "tat-ca" : s.code()) + "-" + p.from() + "-" + p.to() + ".csv";
        return HttpResponse.ok(export.csv(s.unitId(), p.from(), p.to(), clock.instant()))
                .contentType(new MediaType("text/csv; charset=utf-8"))
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("Cache-Control", "no-store");
    }
}
