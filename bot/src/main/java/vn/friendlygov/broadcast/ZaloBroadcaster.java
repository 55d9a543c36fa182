package vn.friendlygov.broadcast;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.PlatformHttp;
import vn.friendlygov.channel.Reasons;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.channel.zalo.ZaloTokens;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Zalo greeting to every follower: free text cannot be broadcast, so the text becomes an Article
 * (POST /v2.0/article/create, asynchronous: its token is verified with /v2.0/article/verify until
 * the article id comes back), then one broadcast of that article (POST /v2.0/oa/message with
 * {@code recipient.target}) — channels-2026.md §1 rows 3–6, §2.1. Zalo answers errors with HTTP 200
 * and a non-zero "error". The token is refreshed once on -216/-220.
 */
@Singleton
public class ZaloBroadcaster {
    private static final String PLATFORM = "zalo";

    /** What one step gave: a value (article id, message id), or not yet, or a failure with its code. */
    public sealed interface Step {
        record Done(String value) implements Step {
        }

        record NotYet(String reason) implements Step {
        }

        /** {@code retry}: transient (network, rate limit, 5xx); otherwise final. */
        record Failed(String code, String reason, boolean retry) implements Step {
        }
    }

    private final ZaloConfig config;
    private final ZaloTokens tokens;
    private final PlatformHttp http;
    private final ObjectMapper json;

    public ZaloBroadcaster(ZaloConfig config, ZaloTokens tokens, PlatformHttp http, ObjectMapper json) {
        this.config = config;
        this.tokens = tokens;
        this.http = http;
        this.json = json;
    }

    /** Creates the article (shown, so followers can open it) and waits briefly for its id. Repeating it costs only article quota. */
    public Step createArticle(Unit unit, String title, String text) {
        String author = unit.chairmanName() == null ? unit.name() : unit.chairmanName();
        Map<String, Object> body = Map.of("type", "normal", "title", title, "author", author,
                "description", text.length() > 300 ? text.substring(0, 300) : text,
                "body", List.of(Map.of("type", "text", "content", text)), "status", "show", "comment", "hide");
        Step created = call(unit, "/v2.0/article/create", body, "token");
        if (!(created instanceof Step.Done token)) {
            return created;
        }
        for (int i = 0; i < 5; i++) {
            Step verified = call(unit, "/v2.0/article/verify", Map.of("token", token.value()), "id");
            if (!(verified instanceof Step.NotYet)) {
                return verified;
            }
            sleep(200L * (i + 1));
        }
        return new Step.NotYet("article still being processed");
    }

    /** The one broadcast to every follower of the OA (no target filter). */
    public Step broadcast(Unit unit, String articleId) {
        Map<String, Object> body = Map.of("recipient", Map.of("target", Map.of()),
                "message", Map.of("attachment", Map.of("type", "template", "payload", Map.of("template_type", "media",
                        "elements", List.of(Map.of("media_type", "article", "attachment_id", articleId))))));
        return call(unit, "/v2.0/oa/message", body, "message_id");
    }

    private Step call(Unit unit, String path, Object body, String field) {
        Optional<String> token = tokens.accessToken(unit);
        if (token.isEmpty()) {
            return new Step.Failed(Reasons.NO_ACCESS_TOKEN, "no Zalo access token for unit " + unit.code(), false);
        }
        Step s = once(path, body, field, token.get());
        if (s instanceof Step.Failed f && "token".equals(f.code())) {
            Optional<String> fresh = tokens.refresh(unit, token.get());
            s = fresh.isEmpty() ? new Step.Failed(Reasons.TOKEN_REFRESH_FAILED, f.reason(), true) : once(path, body, field, fresh.get());
            if (s instanceof Step.Failed again && "token".equals(again.code())) {
                s = new Step.Failed(Reasons.TOKEN_REFRESH_FAILED, again.reason(), true);
            }
        }
        return s;
    }

    private Step once(String path, Object body, String field, String token) {
        PlatformHttp.Response r;
        try {
            r = http.post(config.getApiUrl() + path, Map.of("access_token", token), "application/json", json.writeValueAsString(body));
        } catch (IOException e) {
            return new Step.Failed(Reasons.NETWORK, "network: " + e.getClass().getSimpleName(), true);
        }
        if (r.status() == 429 || r.status() >= 500) {
            return new Step.Failed(Reasons.http(PLATFORM, r.status()), "Zalo HTTP " + r.status(), true);
        }
        try {
            JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
            if (node == null || node.get("error") == null) {
                return new Step.Failed(Reasons.http(PLATFORM, r.status()), "Zalo HTTP " + r.status() + " without a result", false);
            }
            int error = node.get("error").getIntValue();
            if (error == -216 || error == -220) {
                return new Step.Failed("token", "Zalo error " + error, true);
            }
            if (error == -32) {
                return new Step.Failed(Reasons.RATE_LIMITED, "Zalo error -32", true);
            }
            if (error != 0) {
                String message = node.get("message") == null ? "" : " " + node.get("message").coerceStringValue();
                return new Step.Failed(Reasons.platform(PLATFORM, Integer.toString(error)), "Zalo error " + error + message, false);
            }
            JsonNode data = node.get("data");
            JsonNode value = data == null ? null : data.get(field);
            return value == null || value.coerceStringValue().isBlank() ? new Step.NotYet("no " + field + " yet")
                    : new Step.Done(value.coerceStringValue());
        } catch (IOException e) {
            return new Step.Failed(Reasons.UNREADABLE_ANSWER, "unreadable Zalo answer", true);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
