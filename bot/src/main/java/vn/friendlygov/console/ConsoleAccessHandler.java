package vn.friendlygov.console;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import io.micronaut.security.config.RedirectConfiguration;
import io.micronaut.security.config.RedirectService;
import io.micronaut.security.errors.PriorToLoginPersistence;
import jakarta.inject.Singleton;

import java.net.URI;

/**
 * Security rejections on {@code /console/**}: a page asked for without a session → 303 to the sign-in
 * form (API.md); any other rejection there (a form posted without a valid CSRF token, a session
 * that has ended, a role that may not) → a 403 page. Elsewhere the JSON API's 401/403 as before.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class ConsoleAccessHandler extends DefaultAuthorizationExceptionHandler {
    private final ConsolePages pages;

    public ConsoleAccessHandler(ErrorResponseProcessor<?> errors, RedirectConfiguration redirect, RedirectService redirects,
                                @Nullable PriorToLoginPersistence<HttpRequest<?>, MutableHttpResponse<?>> prior, ConsolePages pages) {
        super(errors, redirect, redirects, prior);
        this.pages = pages;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (!ConsolePages.isConsole(request.getPath())) {
            return super.handle(request, exception);
        }
        HttpMethod m = request.getMethod();
        if (!exception.isForbidden() && (m == HttpMethod.GET || m == HttpMethod.HEAD)) {
            return HttpResponse.seeOther(URI.create(ConsolePages.LOGIN));
        }
        return pages.problem(request, HttpStatus.FORBIDDEN, "Không thực hiện được",
                exception.isForbidden() && m == HttpMethod.GET
                        ? "Tài khoản của anh/chị không có quyền mở trang này."
                        : "Biểu mẫu đã hết hạn hoặc không hợp lệ (thiếu mã bảo vệ). Xin tải lại trang rồi thử lại.");
    }
}
