package vn.friendlygov.accounts;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.security.Official;

/**
 * The signed-in official's own account: {@code GET /api/v1/me} and {@code POST /api/v1/me/password}
 * {"current","new"} → 204. These two stay open while the password must be changed.
 */
@Controller("/api/v1/me")
@Secured({Official.OFFICIAL, Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class MeController {
    private final AccountService accounts;
    private final CurrentOfficial current;

    public MeController(AccountService accounts, CurrentOfficial current) {
        this.accounts = accounts;
        this.current = current;
    }

    @Get
    public OfficialView me(Authentication auth) {
        return accounts.view(current.of(auth));
    }

    @Post("/password")
    public HttpResponse<Void> changePassword(Authentication auth, @Body java.util.Map<String, Object> body) {
        Object cur = body.get("current");
        Object next = body.get("new");
        if ((cur != null && !(cur instanceof String)) || (next != null && !(next instanceof String))) {
            throw vn.friendlygov.api.ApiException.badRequest("current và new phải là chuỗi ký tự.");
        }
        accounts.changeOwnPassword(current.of(auth), (String) cur, (String) next);
        return HttpResponse.noContent();
    }
}
