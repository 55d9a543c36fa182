package vn.friendlygov.channel.zalo;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.PlatformHttp;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;

import java.io.IOException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * Zalo OA consultation messages (/v3.0/oa/message/cs). Allowed within the consultation window after
 * the resident's last interaction (7 days; free within 48 hours); outside it nothing is sent and the
 * row says why. Promotional sends wait out the night ban. Zalo answers errors with HTTP 200 and a
 * non-zero "error", so the body decides.
 */
@Singleton
public class ZaloSender implements ChannelSender {

    private final ZaloConfig config;
    private final ZaloTokens tokens;
    private final PlatformHttp http;
    private final ObjectMapper json;

    public ZaloSender(ZaloConfig config, ZaloTokens tokens, PlatformHttp http, ObjectMapper json) {
        this.config = config;
        this.tokens = tokens;
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
            return new SendResult.Skipped("outside the window: no interaction with the OA in the last "
                    + config.getConsultationWindowDays() + " days");
        }
        Optional<String> token = tokens.accessToken(d.unit());
        if (token.isEmpty()) {
            return new SendResult.Failed("no Zalo access token for unit " + d.unit().code());
        }
        Map<String, Object> body = Map.of("recipient", Map.of("user_id", d.recipientId()),
                "message", Map.of("text", text(d.reply())));
        try {
            PlatformHttp.Response r = http.post(config.getApiUrl() + "/v3.0/oa/message/cs", Map.of("access_token", token.get()),
                    "application/json", json.writeValueAsString(body));
            return interpret(r, token.get());
        } catch (IOException e) {
            return new SendResult.Retry("network: " + e.getClass().getSimpleName());
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
        if (r.status() >= 500 || r.status() == 429) {
            return new SendResult.Retry("Zalo HTTP " + r.status());
        }
        JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
        if (r.status() != 200 || node == null || node.get("error") == null) {
            return new SendResult.Failed("Zalo HTTP " + r.status() + " without a result");
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
        if (error == -32) {
            return new SendResult.Retry(reason);
        }
        return new SendResult.Failed(reason);   // -213 not a follower, -230/-232 outside the window, -201 invalid, …
    }
}
