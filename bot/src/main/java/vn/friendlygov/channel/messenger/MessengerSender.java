package vn.friendlygov.channel.messenger;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.PlatformHttp;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.UnitProperties;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Messenger Send API. Inside 24 hours of the resident's last message: RESPONSE (bot replies) or
 * UPDATE. Outside it only an official's own reply may go, tagged HUMAN_AGENT, up to 7 days; anything
 * else is not sent and recorded as outside the window. The tags Meta retired are never used.
 */
@Singleton
public class MessengerSender implements ChannelSender {
    static final Duration STANDARD_WINDOW = Duration.ofHours(24);
    static final Duration HUMAN_AGENT_WINDOW = Duration.ofDays(7);
    private static final int MAX_QUICK_REPLIES = 13;
    private static final int MAX_TITLE = 20;
    /** Rate limits (613, 4), temporary unavailability (2), server errors (1): try again. */
    private static final Set<Integer> TRANSIENT = Set.of(1, 2, 4, 17, 32, 613);

    private final MessengerConfig config;
    private final UnitDirectory units;
    private final PlatformHttp http;
    private final ObjectMapper json;

    public MessengerSender(MessengerConfig config, UnitDirectory units, PlatformHttp http, ObjectMapper json) {
        this.config = config;
        this.units = units;
        this.http = http;
        this.json = json;
    }

    @Override
    public String channel() {
        return Channels.MESSENGER;
    }

    @Override
    public SendResult send(Delivery d) {
        Duration since = d.lastInteraction() == null ? null : Duration.between(d.lastInteraction(), d.now());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recipient", Map.of("id", d.recipientId()));
        if (since != null && since.compareTo(STANDARD_WINDOW) <= 0) {
            body.put("messaging_type", d.kind() == MessageKind.REPLY ? "RESPONSE" : "UPDATE");
        } else if (d.kind() == MessageKind.HUMAN && config.isHumanAgentTag() && since != null
                && since.compareTo(HUMAN_AGENT_WINDOW) <= 0) {
            body.put("messaging_type", "MESSAGE_TAG");
            body.put("tag", "HUMAN_AGENT");
        } else {
            return new SendResult.Skipped(d.kind() == MessageKind.HUMAN
                    ? "outside the window: resident's last message over 7 days ago (HUMAN_AGENT)"
                    : "outside the window: resident's last message over 24 hours ago");
        }
        body.put("message", message(d.reply()));
        String token = units.properties(d.unit().code()).map(UnitProperties::getMessenger)
                .map(UnitProperties.Messenger::getPageAccessToken).orElse(null);
        if (token == null || token.isBlank()) {
            return new SendResult.Failed("no page access token configured for unit " + d.unit().code());
        }
        try {
            PlatformHttp.Response r = http.post(config.getGraphApiUrl() + "/me/messages?access_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8), Map.of(), "application/json", json.writeValueAsString(body));
            return interpret(r);
        } catch (IOException e) {
            return new SendResult.Retry("network: " + e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> message(Reply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("text", reply.text());
        if (!reply.quickReplies().isEmpty()) {
            List<Map<String, String>> qr = new ArrayList<>();
            for (Reply.QuickReply q : reply.quickReplies().subList(0, Math.min(MAX_QUICK_REPLIES, reply.quickReplies().size()))) {
                String title = q.title().length() > MAX_TITLE ? q.title().substring(0, MAX_TITLE - 1) + "…" : q.title();
                qr.add(Map.of("content_type", "text", "title", title, "payload", q.payload()));
            }
            m.put("quick_replies", qr);
        }
        return m;
    }

    SendResult interpret(PlatformHttp.Response r) throws IOException {
        JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
        if (r.status() == 200 && node != null && node.get("message_id") != null) {
            return new SendResult.Sent(node.get("message_id").coerceStringValue());
        }
        JsonNode error = node == null ? null : node.get("error");
        int code = error != null && error.get("code") != null ? error.get("code").getIntValue() : 0;
        int subcode = error != null && error.get("error_subcode") != null ? error.get("error_subcode").getIntValue() : 0;
        String reason = "Messenger HTTP " + r.status() + (code != 0 ? " error " + code + (subcode != 0 ? "/" + subcode : "") : "");
        if (r.status() >= 500 || TRANSIENT.contains(code)) {
            return new SendResult.Retry(reason);
        }
        if (code == 10 && subcode == 2018278) {
            return new SendResult.Skipped("outside the window (Messenger 10/2018278)");
        }
        return new SendResult.Failed(reason);   // 551 unavailable, 190 token, 100 parameter, 200/230 permission, …
    }
}
