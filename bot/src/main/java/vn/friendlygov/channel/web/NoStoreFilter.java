package vn.friendlygov.channel.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.filter.ServerFilterPhase;

/**
 * Every web-chat response, errors included, is {@code Cache-Control: no-store}: it holds a
 * resident's replies, cases and their key (the conversation id), which no browser or proxy cache
 * on a shared computer should keep. First in line, so that a response another filter gives (the
 * security filter's, say) passes through it too.
 */
@ServerFilter({"/api/v1/chat", "/api/v1/chat/**"})
public class NoStoreFilter implements Ordered {

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    public void noStore(MutableHttpResponse<?> response) {
        response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
