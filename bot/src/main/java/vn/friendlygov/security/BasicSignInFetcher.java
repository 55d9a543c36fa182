package vn.friendlygov.security;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.authentication.BasicAuthUtils;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import vn.friendlygov.api.ApiException;

import java.util.concurrent.CompletableFuture;

/**
 * HTTP Basic for API clients, through {@link SignIn}. Credentials that do not sign in are answered
 * at once (401, or 503 when the sign-in threads are saturated) instead of letting the request go
 * on anonymously: the caller learns that it is locked out or that the service is busy.
 * No WWW-Authenticate challenge is ever sent (a browser would pop a login box).
 */
@Singleton
public class BasicSignInFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String WRONG = "Tên đăng nhập hoặc mật khẩu không đúng.";

    private final SignIn signIn;
    private final HttpClientAddressResolver addresses;

    public BasicSignInFetcher(SignIn signIn, HttpClientAddressResolver addresses) {
        this.signIn = signIn;
        this.addresses = addresses;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        var credentials = request.getHeaders().getAuthorization().flatMap(BasicAuthUtils::parseCredentials);
        if (credentials.isEmpty()) {
            return Publishers.empty();
        }
        CompletableFuture<Authentication> out = new CompletableFuture<>();
        signIn.attempt(credentials.get().getUsername(), credentials.get().getPassword(), addresses.resolve(request))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        out.completeExceptionally(error);
                        return;
                    }
                    if (result instanceof SignIn.Success s) {
                        out.complete(SignIn.authentication(s.official()));
                    } else if (result instanceof SignIn.Locked l) {
                        out.completeExceptionally(locked(l));
                    } else if (result instanceof SignIn.Busy) {
                        out.completeExceptionally(busy());
                    } else {
                        out.completeExceptionally(new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", WRONG));
                    }
                });
        return Publishers.fromCompletableFuture(() -> out);
    }

    /** Said for every locked name, known or not (API.md). */
    public static ApiException locked(SignIn.Locked l) {
        long minutes = Math.max(1, (l.retryAfter().toSeconds() + 59) / 60);
        return new ApiException(HttpStatus.UNAUTHORIZED, "account_locked",
                "Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Xin thử lại sau " + minutes + " phút.");
    }

    public static ApiException busy() {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "sign_in_busy",
                "Hệ thống đang bận xử lý nhiều lượt đăng nhập, xin thử lại sau ít giây.");
    }
}
