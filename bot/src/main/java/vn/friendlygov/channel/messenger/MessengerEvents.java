package vn.friendlygov.channel.messenger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.tree.JsonNode;
import vn.friendlygov.channel.Channels;
import static vn.friendlygov.channel.JsonFields.text;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.unit.Unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads every entry and every messaging item of a Messenger batch. Text, quick-reply payloads,
 * postbacks, attachments (kept as URLs) and locations become events; echoes, delivery and read
 * receipts, reactions and the standby channel are ignored, never answered.
 */
final class MessengerEvents {
    private MessengerEvents() {
    }

    static List<PlatformEvent> parse(JsonNode root, Function<String, Optional<Unit>> unitForPage, MeterRegistry metrics) {
        List<PlatformEvent> out = new ArrayList<>();
        for (JsonNode entry : root.get("entry").values()) {
            String pageId = text(entry, "id");
            JsonNode messaging = entry.get("messaging");
            if (pageId == null || messaging == null || !messaging.isArray()) {
                continue;   // standby[] and other fields: another app owns the thread
            }
            Optional<Unit> unit = unitForPage.apply(pageId);
            if (unit.isEmpty()) {
                continue;
            }
            for (JsonNode item : messaging.values()) {
                PlatformEvent e = event(item, unit.get());
                if (e != null) {
                    out.add(e);
                } else {
                    metrics.counter("webhook.ignored", "channel", "messenger").increment();
                }
            }
        }
        return out;
    }

    private static PlatformEvent event(JsonNode item, Unit unit) {
        String sender = item.get("sender") == null ? null : text(item.get("sender"), "id");
        long ts = item.get("timestamp") == null ? 0 : item.get("timestamp").getLongValue();
        JsonNode message = item.get("message");
        JsonNode postback = item.get("postback");
        if (sender == null) {
            return null;
        }
        if (message != null) {
            if (message.get("is_echo") != null && message.get("is_echo").getBooleanValue()) {
                return null;
            }
            String mid = text(message, "mid");
            JsonNode quick = message.get("quick_reply");
            String payload = quick == null ? null : text(quick, "payload");
            String body = payload == null ? text(message, "text") : null;
            List<Inbound.Attachment> attachments = new ArrayList<>();
            Inbound.Location location = null;
            JsonNode att = message.get("attachments");
            if (att != null && att.isArray()) {
                for (JsonNode a : att.values()) {
                    String type = text(a, "type");
                    JsonNode p = a.get("payload");
                    JsonNode coordinates = p == null ? null : p.get("coordinates");
                    if ("location".equals(type) && coordinates != null) {
                        location = new Inbound.Location(coordinates.get("lat").getDoubleValue(), coordinates.get("long").getDoubleValue());
                    } else {
                        attachments.add(new Inbound.Attachment(type == null ? "file" : type, p == null ? null : text(p, "url")));
                    }
                }
            }
            String key = mid != null ? mid : "msg:" + sender + ":" + ts;
            return new PlatformEvent(Channels.MESSENGER, key, unit.id(), sender, PlatformEvent.MESSAGE, ts,
                    new Inbound(body, payload, attachments, location));
        }
        if (postback != null) {
            String mid = text(postback, "mid");
            String key = mid != null ? mid : "postback:" + sender + ":" + ts;
            return new PlatformEvent(Channels.MESSENGER, key, unit.id(), sender, PlatformEvent.MESSAGE, ts,
                    Inbound.postback(text(postback, "payload")));
        }
        return null;   // delivery, read, reaction, referral, optin: nothing to answer
    }
}
