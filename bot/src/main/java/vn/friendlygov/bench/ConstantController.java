package vn.friendlygov.bench;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;

/**
 * A bare endpoint for load tests (perf/load-chat.sh): it does no work, so its throughput is the
 * ceiling set by Micronaut, Netty and the security filter on this machine, to compare
 * POST /api/v1/chat against. Exists only when bot.bench-endpoint=true (BOT_BENCH_ENDPOINT=true).
 */
@Controller("/bench/constant")
@Secured(SecurityRule.IS_ANONYMOUS)
@Requires(property = "bot.bench-endpoint", value = "true")
public class ConstantController {
    private static final String BODY = "{\"status\":\"ok\"}";

    @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    public String constant() {
        return BODY;
    }
}
