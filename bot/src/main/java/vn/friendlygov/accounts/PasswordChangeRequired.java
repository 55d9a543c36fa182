package vn.friendlygov.accounts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.api.ApiError;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;

/**
 * An account whose password an administrator set (at creation or by a reset) may do one thing on
 * the API: change it ({@code POST /api/v1/me/password}; {@code GET /api/v1/me} shows why). Anything
 * else is 403 {@code password_change_required}. Runs after the security filter has authenticated
 * the request; the sign-in marks such accounts, and the flag is checked again in the database
 * (a session may outlive the change).
 */
@ServerFilter("/api/**")
public class PasswordChangeRequired implements Ordered {
    static final String ATTRIBUTE = "mustChangePassword";

    private final OfficialRepository officials;

    public PasswordChangeRequired(OfficialRepository officials) {
        this.officials = officials;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<ApiError> check(HttpRequest<?> request) {
        Authentication auth = request.getUserPrincipal(Authentication.class).orElse(null);
        if (auth == null || !Boolean.TRUE.equals(auth.getAttributes().get(ATTRIBUTE)) || allowed(request)) {
            return null;
        }
        Object id = auth.getAttributes().get("officialId");
        boolean still = id instanceof Number n && officials.findById(n.longValue()).map(Official::mustChangePassword).orElse(true);
        if (!still) {
            return null;
        }
        return HttpResponse.<ApiError>status(HttpStatus.FORBIDDEN).body(new ApiError("password_change_required",
                "Anh/chị cần đổi mật khẩu do quản trị viên đặt trước khi làm việc: POST /api/v1/me/password {\"current\",\"new\"}."));
    }

    private static boolean allowed(HttpRequest<?> request) {
        String path = request.getPath();
        return (path.equals("/api/v1/me/password") && request.getMethod() == HttpMethod.POST)
                || (path.equals("/api/v1/me") && request.getMethod() == HttpMethod.GET);
    }
}
