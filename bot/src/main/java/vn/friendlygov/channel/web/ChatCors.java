package vn.friendlygov.channel.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import vn.friendlygov.api.ApiError;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.WebOrigins;

/**
 * CORS for the web-chat API only (API.md): the commune's website, another origin, calls it. An
 * origin is allowed when an active unit lists it (bootstrapped from {@code units.<code>.web-chat.allowed-origins},
 * edited in the console, read live from {@link UnitDirectory#allowedOrigins()}; a preflight names no
 * unit, so the list is the union of the units'). Never with credentials: the
 * chat API needs none, and no other route of the service answers cross-origin at all (Micronaut's
 * CORS filter is off). Runs before security, so a preflight is answered without signing in.
 */
@ServerFilter({"/api/v1/chat", "/api/v1/chat/**"})
public class ChatCors implements Ordered {
    static final String METHODS = "GET, POST";
    static final String HEADERS = "Content-Type";

    private final UnitDirectory units;

    public ChatCors(UnitDirectory units) {
        this.units = units;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    @Nullable
    public HttpResponse<?> preflight(HttpRequest<?> request) {
        String origin = request.getHeaders().getOrigin().orElse(null);
        String method = request.getHeaders().get(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD);
        if (request.getMethod() != HttpMethod.OPTIONS || origin == null || method == null) {
            return null;
        }
        if (!units.allowedOrigins().contains(WebOrigins.normalise(origin)) || !(method.equals("GET") || method.equals("POST"))) {
            return HttpResponse.status(HttpStatus.FORBIDDEN).header(HttpHeaders.VARY, HttpHeaders.ORIGIN)
                    .body(new ApiError("forbidden", "Trang web này không được phép gọi hộp trò chuyện."));
        }
        return HttpResponse.noContent()
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin)
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, METHODS)
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS)
                .header(HttpHeaders.ACCESS_CONTROL_MAX_AGE, "600")
                .header(HttpHeaders.VARY, HttpHeaders.ORIGIN);
    }

    @ResponseFilter
    public void actual(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String origin = request.getHeaders().getOrigin().orElse(null);
        if (origin == null || request.getMethod() == HttpMethod.OPTIONS) {
            return;
        }
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ORIGIN);
        if (units.allowedOrigins().contains(WebOrigins.normalise(origin))) {
            response.getHeaders().set(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        }
    }
}
