package vn.friendlygov.channel.messenger;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Inject;
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
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.UnitSecrets;
import vn.friendlygov.unit.UnitProperties;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Graph's throttling codes (application, user, page, Send API): retried with backoff as rate limits. */
    private static final Set<Integer> RATE_LIMITS = Set.of(4, 17, 32, 613);
    private static final String PLATFORM = "messenger";
    /** The Graph API's times: 2026-11-22T09:30:00+0000. */
    private static final DateTimeFormatter GRAPH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");
    /**
     * Our messages to one resident go one at a time, so after a lost send only what the resident
     * (and officials in the Page inbox) wrote since can push it down the thread.
     */
    private static final String CONVERSATION_FIELDS = "messages.limit(20){id,message,created_time,from}";

    private final MessengerConfig config;
    private final UnitDirectory units;
    private final PlatformHttp http;
    private final ObjectMapper json;

    private final UnitSecrets secrets;
    private final RateLimits limits;

    /** With page tokens from configuration only and this instance's buckets (tests that build their units by hand). */
    public MessengerSender(MessengerConfig config, UnitDirectory units, PlatformHttp http, ObjectMapper json) {
        this(config, units, UnitSecrets.fromConfiguration(units), RateLimits.local(), http, json);
    }

    @Inject
    public MessengerSender(MessengerConfig config, UnitDirectory units, UnitSecrets secrets, RateLimits limits, PlatformHttp http,
                           ObjectMapper json) {
        this.config = config;
        this.units = units;
        this.secrets = secrets;
        this.limits = limits;
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
        } else if (d.kind() == MessageKind.HUMAN && !config.isHumanAgentTag()) {
            return new SendResult.Skipped(Reasons.HUMAN_AGENT_NOT_ALLOWED,
                    "outside the window: over 24 hours, and the app has no HUMAN_AGENT permission");
        } else if (d.kind() == MessageKind.HUMAN) {
            return new SendResult.Skipped(Reasons.OUTSIDE_HUMAN_AGENT_WINDOW,
                    "outside the window: resident's last message over 7 days ago (HUMAN_AGENT)");
        } else {
            return new SendResult.Skipped(Reasons.OUTSIDE_24H_WINDOW,
                    "outside the window: resident's last message over 24 hours ago");
        }
        body.put("message", message(d.reply()));
        String token = pageToken(d);
        if (token == null || token.isBlank()) {
            return new SendResult.Failed(Reasons.NO_ACCESS_TOKEN, "no page access token configured for unit " + d.unit().code());
        }
        // The Send API's limit is per page, whatever instance sends.
        Optional<Instant> wait = limits.acquire("messenger:" + d.unit().id(), config.getRatePerSecond(),
                d.kind() == MessageKind.PROMOTION, true, d.now());
        if (wait.isPresent()) {
            return new SendResult.Deferred(wait.get(), "Messenger rate limit (" + config.getRatePerSecond() + " a second per page)");
        }
        PlatformHttp.Response r;
        try {
            r = http.post(config.getGraphApiUrl() + "/me/messages?access_token="
                    + URLEncoder.encode(token, StandardCharsets.UTF_8), Map.of(), "application/json", json.writeValueAsString(body));
        } catch (IOException e) {
            return SendResult.networkFailure(e);
        }
        try {
            return interpret(r);
        } catch (IOException e) {
            return new SendResult.Retry(Reasons.http(PLATFORM, r.status()), "unreadable answer, HTTP " + r.status());
        }
    }

    private String pageToken(Delivery d) {
        return secrets.messengerPageToken(d.unit()).orElse(null);
    }

    /**
     * The Page Conversations API (one GET, about 2 calls/s per page: the outbox holds a bucket for
     * it): the page's thread with this PSID and its newest messages. A match comes from the page,
     * has the text {@link #send} sends and was created at or after {@code since}.
     */
    @Override
    public SentLookup findSent(Delivery d, Instant since) {
        String token = pageToken(d);
        if (token == null || token.isBlank()) {
            return new SentLookup.Matches(List.of());   // nothing was or can be sent: the send says why
        }
        String pageId = d.unit().messengerPageId() != null ? d.unit().messengerPageId()
                : units.properties(d.unit().code()).map(UnitProperties::getMessenger).map(UnitProperties.Messenger::getPageId).orElse(null);
        if (pageId == null || pageId.isBlank()) {
            return new SentLookup.Unavailable("no Messenger page id configured for unit " + d.unit().code());
        }
        // The Conversations API has its own, lower limit (about 2 calls/s per page); this instance's bucket.
        Optional<Instant> wait = limits.acquire("messenger-conversations:" + d.unit().id(), config.getConversationsRatePerSecond(),
                false, false, d.now());
        if (wait.isPresent()) {
            return new SentLookup.Later(wait.get(), "in doubt: waiting for the Conversations API's rate limit");
        }
        String url = config.getGraphApiUrl() + "/" + enc(pageId) + "/conversations?platform=messenger&user_id=" + enc(d.recipientId())
                + "&fields=" + enc(CONVERSATION_FIELDS) + "&access_token=" + enc(token);
        try {
            PlatformHttp.Response r = http.get(url, Map.of());
            JsonNode node = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
            JsonNode threads = node == null ? null : node.get("data");
            if (r.status() != 200 || threads == null || !threads.isArray()) {
                JsonNode error = node == null ? null : node.get("error");
                return new SentLookup.Unavailable("Messenger conversations HTTP " + r.status()
                        + (error != null && error.get("code") != null ? " error " + error.get("code").coerceStringValue() : ""));
            }
            String text = d.reply().text();
            List<String> found = new ArrayList<>();
            for (JsonNode thread : threads.values()) {
                JsonNode messages = thread.get("messages") == null ? null : thread.get("messages").get("data");
                if (messages == null || !messages.isArray()) {
                    continue;
                }
                for (JsonNode m : messages.values()) {
                    String id = JsonFields.text(m, "id");
                    String created = JsonFields.text(m, "created_time");
                    if (id != null && created != null && pageId.equals(JsonFields.text(m.get("from"), "id"))
                            && SentLookup.sameText(text, JsonFields.text(m, "message")) && !graphTime(created).isBefore(since)) {
                        found.add(id);
                    }
                }
            }
            return new SentLookup.Matches(found);
        } catch (IOException | DateTimeParseException e) {
            return new SentLookup.Unavailable("Messenger conversations: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public boolean hasProfiles() {
        return true;
    }

    /** The resident's name from their Messenger profile, family name first as in Vietnamese. */
    @Override
    public Optional<String> displayName(Unit unit, String userId) {
        String token = secrets.messengerPageToken(unit).orElse(null);
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            PlatformHttp.Response r = http.get(config.getGraphApiUrl() + "/" + enc(userId) + "?fields=first_name,last_name&access_token="
                    + enc(token), Map.of());
            if (r.status() != 200) {
                return Optional.empty();
            }
            JsonNode n = json.readValue(r.body(), JsonNode.class);
            String first = n.get("first_name") == null ? "" : n.get("first_name").coerceStringValue();
            String last = n.get("last_name") == null ? "" : n.get("last_name").coerceStringValue();
            String name = (last + " " + first).strip();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Instant graphTime(String s) {
        try {
            return OffsetDateTime.parse(s, GRAPH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(s).toInstant();   // ISO with a colon in the offset
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
        String platformCode = code == 0 ? Reasons.http(PLATFORM, r.status())
                : Reasons.platform(PLATFORM, code + (subcode != 0 ? "/" + subcode : ""));
        if (r.status() == 429 || RATE_LIMITS.contains(code)) {
            // HTTP 429 (a proxy's or Meta's throttle, often without a Graph error) and 613/4/17/32.
            // Meta (or a proxy) may say how long to wait: never sooner than that.
            return new SendResult.Retry(Reasons.RATE_LIMITED, reason, r.retryAfter());
        }
        if (r.status() >= 500 || TRANSIENT.contains(code)) {
            return new SendResult.Retry(platformCode, reason, r.retryAfter());
        }
        if (code == 10 && subcode == 2018278) {
            return new SendResult.Skipped(Reasons.OUTSIDE_24H_WINDOW, "outside the window (Messenger 10/2018278)");
        }
        return new SendResult.Failed(platformCode, reason);   // 551 unavailable, 190 token, 100 parameter, 200/230 permission, …
    }
}
