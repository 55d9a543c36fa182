package vn.friendlygov.channel.zalo;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.JsonFields;
import vn.friendlygov.channel.PlatformHttp;
import vn.friendlygov.channel.RateLimits;
import vn.friendlygov.channel.Reasons;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.channel.SentLookup;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Zalo OA consultation messages (/v3.0/oa/message/cs). Allowed within the consultation window after
 * the resident's last interaction (7 days; free within 48 hours); outside it nothing is sent and the
 * row says why. Promotional sends wait out the night ban. Zalo answers errors with HTTP 200 and a
 * non-zero "error", so the body decides.
 */
@Singleton
public class ZaloSender implements ChannelSender {
    private static final String PLATFORM = "zalo";
    /** -32 over the app's rate limit, -200 a generic send failure Zalo asks to retry (channels-2026.md §2.4). */
    private static final Set<Integer> RATE_LIMITS = Set.of(-32, -200);
    /**
     * The user refuses the OA's messages: -217 invitations blocked, -244 this message type restricted,
     * -139/-141 ZNS refused (§2.4): a platform opt-out, kept as the resident's consent.
     */
    private static final Set<Integer> OPT_OUTS = Set.of(-217, -244, -139, -141);
    /** Platform rules, not errors: the message is not sent and the row says which rule (§2.4). */
    private static final Map<Integer, String> SKIPPED = Map.ofEntries(
            Map.entry(-230, Reasons.OUTSIDE_7_DAY_WINDOW), Map.entry(-232, Reasons.OUTSIDE_7_DAY_WINDOW),
            Map.entry(-213, Reasons.NOT_FOLLOWER),
            Map.entry(-140, Reasons.RECIPIENT_UNAVAILABLE), Map.entry(-227, Reasons.RECIPIENT_UNAVAILABLE),
            Map.entry(-114, Reasons.RECIPIENT_UNAVAILABLE), Map.entry(-118, Reasons.RECIPIENT_UNAVAILABLE),
            Map.entry(-119, Reasons.RECIPIENT_UNAVAILABLE));

    private final ZaloConfig config;
    private final ZaloTokens tokens;
    private final RateLimits limits;
    private final PlatformHttp http;
    private final ObjectMapper json;

    public ZaloSender(ZaloConfig config, ZaloTokens tokens, RateLimits limits, PlatformHttp http, ObjectMapper json) {
        this.config = config;
        this.tokens = tokens;
        this.limits = limits;
        this.http = http;
        this.json = json;
    }

    @Override
    public String channel() {
        return Channels.ZALO;
    }

    @Override
    public SendResult send(Delivery d) {
        if (d.kind() == MessageKind.PROMOTION) {
            ZonedDateTime local = d.now().atZone(OfficeHours.ZONE);
            int h = local.getHour();
            if (h >= config.getNightBanStartHour() || h < config.getNightBanEndHour()) {
                ZonedDateTime morning = local.withHour(config.getNightBanEndHour()).withMinute(0).withSecond(0).withNano(0);
                if (!morning.isAfter(local)) {
                    morning = morning.plusDays(1);
                }
                return new SendResult.Deferred(morning.toInstant(), "Zalo night ban (22:00–06:00)");
            }
        }
        Duration window = Duration.ofDays(config.getConsultationWindowDays());
        if (d.lastInteraction() == null || Duration.between(d.lastInteraction(), d.now()).compareTo(window) > 0) {
            return new SendResult.Skipped(Reasons.OUTSIDE_7_DAY_WINDOW, "outside the window: no interaction with the OA in the last "
                    + config.getConsultationWindowDays() + " days");
        }
        Optional<Instant> wait = allowance(d);
        if (wait.isPresent()) {
            return new SendResult.Deferred(wait.get(), "Zalo rate limit (" + config.getRatePerMinute() + " requests a minute per app)");
        }
        Optional<String> token = tokens.accessToken(d.unit());
        if (token.isEmpty()) {
            return new SendResult.Failed(Reasons.NO_ACCESS_TOKEN, "no Zalo access token for unit " + d.unit().code());
        }
        SendResult result = post(d, token.get());
        if (result instanceof SendResult.TokenExpired expired) {
            // -216/-220: refresh the token (or take the one another instance just got), then once more.
            Optional<String> fresh = tokens.refresh(d.unit(), expired.usedToken());
            if (fresh.isEmpty()) {
                return new SendResult.Failed(Reasons.TOKEN_REFRESH_FAILED, expired.reason() + "; token refresh failed");
            }
            result = post(d, fresh.get());
            if (result instanceof SendResult.TokenExpired again) {
                return new SendResult.Retry(Reasons.TOKEN_REFRESH_FAILED, again.reason());
            }
        }
        return result;
    }

    /** Zalo's limit is per app, not per OA or instance: one allowance for every unit, shared by all instances. */
    private Optional<Instant> allowance(Delivery d) {
        return limits.acquire("zalo", Math.max(1, config.getRatePerMinute() / 60), d.kind() == MessageKind.PROMOTION, true, d.now());
    }

    private SendResult post(Delivery d, String token) {
        Map<String, Object> body = Map.of("recipient", Map.of("user_id", d.recipientId()),
                "message", Map.of("text", text(d.reply())));
        PlatformHttp.Response r;
        try {
            r = http.post(config.getApiUrl() + "/v3.0/oa/message/cs", Map.of("access_token", token),
                    "application/json", json.writeValueAsString(body));
        } catch (IOException e) {
            return SendResult.networkFailure(e);
        }
        try {
            return interpret(r, token);
        } catch (IOException e) {
            return new SendResult.Retry(Reasons.http(PLATFORM, r.status()), "unreadable answer, HTTP " + r.status());
        }
    }

    /**
     * The OA's conversation with the user (GET /v2.0/oa/conversation, newest first, at most 10 a
     * page; it counts against the app's rate limit like a send). A match comes from the OA
     * ({@code from_id}, or {@code src} 0), has the text {@link #send} sends (choices rendered as a
     * numbered list) and is timed at or after {@code since}. Ten is enough: our messages to one
     * resident go one at a time, so only what the resident wrote since can push it down.
     */
    @Override
    public SentLookup findSent(Delivery d, Instant since) {
        Optional<Instant> wait = limits.acquire("zalo", Math.max(1, config.getRatePerMinute() / 60), false, true, d.now());
        if (wait.isPresent()) {
            return new SentLookup.Later(wait.get(), "in doubt: waiting for Zalo's rate limit to ask");
        }
        Optional<String> token = tokens.accessToken(d.unit());
        if (token.isEmpty()) {
            return new SentLookup.Matches(List.of());   // nothing was or can be sent: the send says why
        }
        SentLookup found = lookUp(d, since, token.get());
        if (found instanceof SentLookup.TokenExpired expired) {
            Optional<String> fresh = tokens.refresh(d.unit(), expired.usedToken());
            found = fresh.isEmpty() ? new SentLookup.Unavailable(expired.reason() + "; token refresh failed") : lookUp(d, since, fresh.get());
        }
        return found instanceof SentLookup.TokenExpired again ? new SentLookup.Unavailable(again.reason()) : found;
    }

    private SentLookup lookUp(Delivery d, Instant since, String token) {
        try {
            String data = json.writeValueAsString(Map.of("user_id", d.recipientId(), "offset", 0, "count", 10));
            PlatformHttp.Response r = http.get(config.getApiUrl() + "/v2.0/oa/conversation?data="
                    + URLEncoder.encode(data, StandardCharsets.UTF_8), Map.of("access_token", token));
            JsonNode node = r.status() != 200 || r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
            if (node == null || node.get("error") == null) {
                return new SentLookup.Unavailable("Zalo conversation HTTP " + r.status() + " without a result");
            }
            int error = node.get("error").getIntValue();
            if (error == -216 || error == -220) {
                return new SentLookup.TokenExpired(token, "Zalo conversation error " + error);
            }
            JsonNode messages = node.get("data");
            if (error != 0 || messages == null || !messages.isArray()) {
                return new SentLookup.Unavailable("Zalo conversation error " + error);
            }
            String text = text(d.reply());
            String oaId = d.unit().zaloOaId();
            List<String> found = new ArrayList<>();
            for (JsonNode m : messages.values()) {
                String id = JsonFields.text(m, "message_id");
                String time = JsonFields.text(m, "time");
                boolean fromOa = oaId != null && oaId.equals(JsonFields.text(m, "from_id")) || "0".equals(JsonFields.text(m, "src"));
                if (id != null && time != null && fromOa && SentLookup.sameText(text, JsonFields.text(m, "message"))
                        && !Instant.ofEpochMilli(Long.parseLong(time)).isBefore(since)) {
                    found.add(id);
                }
            }
            return new SentLookup.Matches(found);
        } catch (IOException | NumberFormatException e) {
            return new SentLookup.Unavailable("Zalo conversation: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean hasProfiles() {
        return true;
    }

    /** The user's Zalo display name (GET /v3.0/oa/user/detail); empty when it cannot be had. */
    @Override
    public Optional<String> displayName(Unit unit, String userId) {
        Optional<String> token = tokens.accessToken(unit);
        if (token.isEmpty()) {
            return Optional.empty();
        }
        try {
            String data = URLEncoder.encode("{\"user_id\":\"" + userId.replaceAll("[^0-9A-Za-z_-]", "") + "\"}", StandardCharsets.UTF_8);
            PlatformHttp.Response r = http.get(config.getApiUrl() + "/v3.0/oa/user/detail?data=" + data, Map.of("access_token", token.get()));
            JsonNode d = r.status() == 200 ? json.readValue(r.body(), JsonNode.class).get("data") : null;
            return d == null || d.get("display_name") == null ? Optional.empty() : Optional.of(d.get("display_name").coerceStringValue());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Zalo has no quick replies in consultation text: the choices become a numbered list to type back. */
    String text(Reply reply) {
        if (reply.quickReplies().isEmpty()) {
            return reply.text();
        }
        StringBuilder s = new StringBuilder(reply.text()).append("\n\nAnh/chị nhắn số để chọn:");
        int n = Math.min(config.getMaxChoices(), reply.quickReplies().size());
        for (int i = 0; i < n; i++) {
            s.append('\n').append(i + 1).append(". ").append(reply.quickReplies().get(i).title());
        }
        return s.toString();
    }

    SendResult interpret(PlatformHttp.Response r, String usedToken) throws IOException {
        if (r.status() == 429) {
            return new SendResult.Retry(Reasons.RATE_LIMITED, "Zalo HTTP 429", r.retryAfter());
        }
        if (r.status() >= 500) {
            return new SendResult.Retry(Reasons.http(PLATFORM, r.status()), "Zalo HTTP " + r.status());
        }
        JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
        if (r.status() != 200 || node == null || node.get("error") == null) {
            return new SendResult.Failed(Reasons.http(PLATFORM, r.status()), "Zalo HTTP " + r.status() + " without a result");
        }
        int error = node.get("error").getIntValue();
        if (error == 0) {
            JsonNode data = node.get("data");
            JsonNode id = data == null ? null : data.get("message_id");
            return new SendResult.Sent(id == null ? "" : id.coerceStringValue());
        }
        String reason = "Zalo error " + error + (node.get("message") != null ? " " + node.get("message").coerceStringValue() : "");
        if (error == -216 || error == -220) {
            return new SendResult.TokenExpired(usedToken, reason);
        }
        if (OPT_OUTS.contains(error)) {
            return new SendResult.OptedOut(reason);
        }
        String skipped = SKIPPED.get(error);
        if (skipped != null) {
            return new SendResult.Skipped(skipped, reason);
        }
        if (RATE_LIMITS.contains(error)) {
            return new SendResult.Retry(Reasons.RATE_LIMITED, reason);
        }
        return new SendResult.Failed(Reasons.platform(PLATFORM, Integer.toString(error)), reason);   // -201 invalid, -124 token, …
    }
}
