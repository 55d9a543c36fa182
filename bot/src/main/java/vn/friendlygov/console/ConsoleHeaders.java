package vn.friendlygov.console;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Every console response, redirects and refusals included (this filter runs before security):
 * a Content-Security-Policy with a fresh nonce per response (scripts only from here and with that
 * nonce, no inline style, no framing, forms only to here), {@code nosniff}, no referrer to other sites (case
 * pages' URLs name cases), and no caching (pages carry residents' data). Pages put the nonce on
 * their script tags: {@link ConsolePages#nonce}.
 */
@ServerFilter({"/console", "/console/**"})
public class ConsoleHeaders implements Ordered {
    static final String NONCE = "consoleCspNonce";
    static final String POLICY = "default-src 'none'; script-src 'self' 'nonce-%s'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.before();
    }

    @RequestFilter
    public void nonce(HttpRequest<?> request) {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        request.setAttribute(NONCE, Base64.getEncoder().encodeToString(b));
    }

    @ResponseFilter
    public void headers(HttpRequest<?> request, MutableHttpResponse<?> response) {
        String nonce = request.getAttribute(NONCE, String.class).orElse("");
        response.header("Content-Security-Policy", String.format(POLICY, nonce));
        response.header("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer Chrome posts forms with "Origin: null", which
        // Micronaut's CORS protection refuses (403); other sites (the map link) still get no referrer.
        response.header("Referrer-Policy", "same-origin");
        response.header("X-Frame-Options", "DENY");
        if (!request.getPath().startsWith("/console/static/")) {
            response.header("Cache-Control", "no-store");
        }
    }
}
