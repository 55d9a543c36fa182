package vn.friendlygov.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.csrf.repository.CsrfTokenRepository;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * The signed-in console session's CSRF token, for micronaut-security-csrf's filter (it runs after
 * the security filter, so the session's authentication is already on the request). Before sign-in
 * the module's own cookie repository holds the login form's token (double submit).
 */
@Singleton
public class ConsoleCsrfTokens implements CsrfTokenRepository<HttpRequest<?>> {
    @Override
    public Optional<String> findCsrfToken(HttpRequest<?> request) {
        return request.getUserPrincipal(Authentication.class)
                .map(a -> a.getAttributes().get(ConsoleSessionFetcher.CSRF))
                .filter(String.class::isInstance).map(String.class::cast);
    }
}
