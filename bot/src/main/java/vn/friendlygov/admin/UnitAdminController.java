package vn.friendlygov.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.security.Official;

import java.util.List;
import java.util.Map;

/**
 * Units: {@code GET /api/v1/admin/units}, {@code POST} (a new unit, administrators of every unit),
 * {@code GET|PATCH /api/v1/admin/units/{code}} (a LEADER: their own unit's published facts; an ADMIN
 * also channels, web-chat origins, secrets — write-only — and {@code "active": false}).
 */
@Controller("/api/v1/admin/units")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class UnitAdminController {
    private final UnitAdminService service;
    private final AdminScope scope;

    public UnitAdminController(UnitAdminService service, AdminScope scope) {
        this.service = service;
        this.scope = scope;
    }

    @Get
    public List<UnitView> list(Authentication auth) {
        return service.list(scope.me(auth));
    }

    @Post
    public HttpResponse<UnitView> create(Authentication auth, @Body Map<String, Object> body) {
        return HttpResponse.<UnitView>status(HttpStatus.CREATED).body(service.create(scope.me(auth), body));
    }

    @Get("/{code}")
    public UnitView get(Authentication auth, @PathVariable String code) {
        Official me = scope.me(auth);
        return service.get(me, scope.unit(me, code));
    }

    @Patch("/{code}")
    public UnitView update(Authentication auth, @PathVariable String code, @Body Map<String, Object> body) {
        Official me = scope.me(auth);
        return service.update(me, scope.unit(me, code), body);
    }
}
