package vn.friendlygov.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.security.Official;

import java.util.List;
import java.util.Map;

/**
 * The accounts API (API.md): {@code POST /api/v1/officials} → 201, {@code GET /api/v1/officials?unit=},
 * {@code GET|PATCH /api/v1/officials/{username}}, and {@code POST /api/v1/officials/{username}/password-reset}
 * → a temporary password, shown once. The rules live in {@link AccountService}.
 */
@Controller("/api/v1/officials")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class OfficialsController {
    @Serdeable
    public record TemporaryPassword(String username, String temporaryPassword, boolean mustChangePassword) {
    }

    private final AccountService accounts;
    private final CurrentOfficial current;

    public OfficialsController(AccountService accounts, CurrentOfficial current) {
        this.accounts = accounts;
        this.current = current;
    }

    @Post
    public HttpResponse<OfficialView> create(Authentication auth, @Body Map<String, Object> body) {
        return HttpResponse.<OfficialView>status(HttpStatus.CREATED).body(accounts.create(current.of(auth), body));
    }

    @Get("{?unit}")
    public List<OfficialView> list(Authentication auth, @Nullable @QueryValue String unit) {
        return accounts.list(current.of(auth), unit);
    }

    @Get("/{username}")
    public OfficialView get(Authentication auth, @PathVariable String username) {
        return accounts.get(current.of(auth), username);
    }

    @Patch("/{username}")
    public OfficialView update(Authentication auth, @PathVariable String username, @Body Map<String, Object> body) {
        return accounts.update(current.of(auth), username, body);
    }

    @Post("/{username}/password-reset")
    public HttpResponse<TemporaryPassword> reset(Authentication auth, @PathVariable String username) {
        String temporary = accounts.resetPassword(current.of(auth), username);
        // A password in the body: no cache anywhere may keep it.
        return HttpResponse.ok(new TemporaryPassword(username, temporary, true)).header("Cache-Control", "no-store");
    }
}
