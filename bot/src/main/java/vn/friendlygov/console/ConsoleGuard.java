package vn.friendlygov.console;

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
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;

import java.net.URI;

/**
 * An account whose password an administrator set may open only the password-change page (and sign
 * out) until it has chosen its own; the flag is checked again in the database.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsoleGuard implements Ordered {
    public static final String PASSWORD = "/console/password";

    private final OfficialRepository officials;
    private final ConsolePages pages;

    public ConsoleGuard(OfficialRepository officials, ConsolePages pages) {
        this.officials = officials;
        this.pages = pages;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> passwordFirst(HttpRequest<?> request) {
        Authentication auth = request.getUserPrincipal(Authentication.class).orElse(null);
        String path = request.getPath();
        if (auth == null || !Boolean.TRUE.equals(auth.getAttributes().get("mustChangePassword"))
                || path.equals(PASSWORD) || path.equals("/console/logout") || path.startsWith("/console/static/")) {
            return null;
        }
        Object id = auth.getAttributes().get("officialId");
        boolean still = id instanceof Number n && officials.findById(n.longValue()).map(Official::mustChangePassword).orElse(true);
        if (!still) {
            return null;
        }
        return request.getMethod() == HttpMethod.GET ? HttpResponse.seeOther(URI.create(PASSWORD))
                : pages.problem(request, HttpStatus.FORBIDDEN, "Cần đổi mật khẩu", "Anh/chị cần đổi mật khẩu do quản trị viên đặt trước khi làm việc.");
    }
}
