package vn.friendlygov.admin;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.security.Official;

import java.util.List;
import java.util.Map;

/**
 * Routing rules of a unit: {@code GET|POST /api/v1/admin/units/{code}/routing-rules},
 * {@code PUT|DELETE .../{id}} — body {@code {"category","area","official","team","department"}}
 * (category and area empty: any). A LEADER for their own unit, an ADMIN.
 */
@Controller("/api/v1/admin/units/{code}/routing-rules")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class RoutingAdminController {
    private final RoutingAdminService service;
    private final AdminScope scope;

    public RoutingAdminController(RoutingAdminService service, AdminScope scope) {
        this.service = service;
        this.scope = scope;
    }

    @Get
    public List<RoutingAdminService.RuleView> list(Authentication auth, @PathVariable String code) {
        Official me = scope.me(auth);
        return service.list(scope.unit(me, code));
    }

    @Post
    public HttpResponse<RoutingAdminService.RuleView> create(Authentication auth, @PathVariable String code,
                                                             @Body Map<String, Object> body) {
        Official me = scope.me(auth);
        return HttpResponse.<RoutingAdminService.RuleView>status(HttpStatus.CREATED).body(service.create(me, scope.unit(me, code), body));
    }

    @Put("/{id}")
    public RoutingAdminService.RuleView update(Authentication auth, @PathVariable String code, @PathVariable long id,
                                               @Body Map<String, Object> body) {
        Official me = scope.me(auth);
        return service.update(me, scope.unit(me, code), id, body);
    }

    @Delete("/{id}")
    public HttpResponse<Void> delete(Authentication auth, @PathVariable String code, @PathVariable long id) {
        Official me = scope.me(auth);
        service.delete(me, scope.unit(me, code), id);
        return HttpResponse.noContent();
    }
}
