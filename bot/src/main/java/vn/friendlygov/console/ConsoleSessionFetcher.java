package vn.friendlygov.console;

import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.SignIn;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/**
 * The console's session cookie as an authentication, on {@code /console/**} only: the JSON API
 * keeps HTTP Basic, so a browser's cookie can never be spent on an API route the CSRF filter does
 * not check. The account is read fresh (disabled: signed out at the next request).
 */
@Singleton
public class ConsoleSessionFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    static final String SESSION_HASH = "consoleSession";
    static final String CSRF = "consoleCsrf";

    private final ConsoleSessions sessions;
    private final OfficialRepository officials;
    private final ExecutorService blocking;

    public ConsoleSessionFetcher(ConsoleSessions sessions, OfficialRepository officials,
                                 @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.sessions = sessions;
        this.officials = officials;
        this.blocking = blocking;
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        String path = request.getPath();
        String cookie = sessions.cookieValue(request);
        if (cookie == null || !(path.equals("/console") || path.startsWith("/console/")) || path.startsWith("/console/static/")) {
            return Publishers.empty();
        }
        CompletableFuture<Optional<Authentication>> found = CompletableFuture.supplyAsync(() -> sessions.find(cookie)
                .flatMap(s -> officials.findById(s.officialId()).filter(Official::active).map(o -> authentication(o, s))), blocking);
        return Publishers.fromCompletableFuture(() -> found.thenApply(a -> a.orElse(null)));
    }

    private static Authentication authentication(Official o, ConsoleSessions.Session s) {
        Authentication base = SignIn.authentication(o);
        Map<String, Object> attributes = new HashMap<>(base.getAttributes());
        attributes.put(SESSION_HASH, s.tokenHash());
        attributes.put(CSRF, s.csrfToken());
        return Authentication.build(base.getName(), base.getRoles(), attributes);
    }
}
