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
import io.micronaut.security.csrf.resolver.CsrfTokenResolver;
import io.micronaut.security.csrf.resolver.FutureCsrfTokenResolver;
import io.micronaut.security.csrf.validator.CsrfTokenValidator;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Every state-changing request to {@code /console/**} — any content type, JSON and empty bodies
 * included — must carry the CSRF token (form field {@code csrfToken} or header {@code X-CSRF-TOKEN}),
 * or it is 403. The token is read and checked by micronaut-security-csrf's resolvers and validator
 * (the session's token, console/ConsoleCsrfTokens; before sign-in the login cookie's). The module's
 * own filter is off ({@code micronaut.security.csrf.filter.enabled: false}): with Micronaut 4.10's
 * legacy filters around it (views, CSP) its asynchronous body read ended requests in a
 * NullPointerException, and it skipped JSON. This filter waits for the body on a blocking thread.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsoleCsrfCheck implements Ordered {
    private static final Set<HttpMethod> CHECKED = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final List<FutureCsrfTokenResolver<HttpRequest<?>>> resolvers;
    private final CsrfTokenValidator<HttpRequest<?>> validator;
    private final ConsolePages pages;

    public ConsoleCsrfCheck(List<CsrfTokenResolver<HttpRequest<?>>> resolvers, List<FutureCsrfTokenResolver<HttpRequest<?>>> futureResolvers,
                            CsrfTokenValidator<HttpRequest<?>> validator, ConsolePages pages) {
        this.resolvers = FutureCsrfTokenResolver.of(resolvers, futureResolvers);
        this.validator = validator;
        this.pages = pages;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after() + 10;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    public @Nullable HttpResponse<?> check(HttpRequest<?> request) throws InterruptedException {
        if (!CHECKED.contains(request.getMethod())) {
            return null;
        }
        for (FutureCsrfTokenResolver<HttpRequest<?>> r : resolvers) {
            String token;
            try {
                token = r.resolveToken(request).get(30, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                token = null;
            }
            if (token != null && !token.isEmpty()) {
                return validator.validateCsrfToken(request, token) ? null : refused(request);
            }
        }
        return refused(request);
    }

    private HttpResponse<?> refused(HttpRequest<?> request) {
        return pages.problem(request, HttpStatus.FORBIDDEN, "Không thực hiện được",
                "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ). Xin tải lại trang rồi thử lại.");
    }
}
