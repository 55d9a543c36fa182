package vn.friendlygov.channel.zalo;

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
 * Reads one Zalo OA event. IDs and timestamps arrive as strings. Resident events carry the OA in
 * recipient.id; follow/unfollow carry follower.id and oa_id; the OA's own oa_send_* echoes and
 * receipts are ignored.
 */
final class ZaloEvents {
    private ZaloEvents() {
    }

    static List<PlatformEvent> parse(JsonNode root, Function<String, Optional<Unit>> unitForOa) {
        String name = text(root, "event_name");
        long ts = parseLong(text(root, "timestamp"));
        if (name.equals("follow") || name.equals("unfollow")) {
            String follower = root.get("follower") == null ? null : text(root.get("follower"), "id");
            Optional<Unit> unit = unitForOa.apply(text(root, "oa_id"));
            if (follower == null || unit.isEmpty()) {
                return List.of();
            }
            String type = name.equals("follow") ? PlatformEvent.FOLLOW : PlatformEvent.UNFOLLOW;
            return List.of(new PlatformEvent(Channels.ZALO, name + ":" + follower + ":" + ts, unit.get().id(), follower, type, ts,
                    new Inbound(null, null, List.of(), null)));
        }
        if (!name.startsWith("user_send_") && !name.equals("user_submit_info")) {
            return List.of();   // oa_send_* echoes, user_received_message, user_seen_message, …
        }
        String sender = root.get("sender") == null ? null : text(root.get("sender"), "id");
        String oa = root.get("recipient") == null ? null : text(root.get("recipient"), "id");
        Optional<Unit> unit = unitForOa.apply(oa);
        if (sender == null || unit.isEmpty()) {
            return List.of();
        }
        JsonNode message = root.get("message");
        String msgId = message == null ? null : text(message, "msg_id");
        String key = msgId != null ? msgId : name + ":" + sender + ":" + ts;
        return List.of(new PlatformEvent(Channels.ZALO, key, unit.get().id(), sender, PlatformEvent.MESSAGE, ts, inbound(name, root, message)));
    }

    private static Inbound inbound(String name, JsonNode root, JsonNode message) {
        if (name.equals("user_submit_info")) {
            JsonNode info = root.get("info");
            StringBuilder s = new StringBuilder("Thông tin gửi kèm:");
            if (info != null && info.isObject()) {
                for (var e : info.entries()) {
                    s.append(' ').append(e.getKey()).append(": ").append(e.getValue().coerceStringValue()).append(';');
                }
            }
            return Inbound.text(s.toString());
        }
        String text = message == null ? null : text(message, "text");
        List<Inbound.Attachment> attachments = new ArrayList<>();
        Inbound.Location location = null;
        JsonNode att = message == null ? null : message.get("attachments");
        if (att != null && att.isArray()) {
            for (JsonNode a : att.values()) {
                String type = text(a, "type");
                JsonNode p = a.get("payload");
                JsonNode c = p == null ? null : p.get("coordinates");
                if ("location".equals(type) && c != null) {
                    location = new Inbound.Location(Double.parseDouble(text(c, "latitude")), Double.parseDouble(text(c, "longitude")));
                } else {
                    String url = p == null ? null : text(p, "url");
                    attachments.add(new Inbound.Attachment(type == null ? name.substring("user_send_".length()) : type, url));
                }
            }
        }
        if (name.equals("user_send_link") && text != null && attachments.isEmpty()) {
            attachments.add(new Inbound.Attachment("link", text));
        }
        if (name.equals("user_send_text") || text != null && !text.isBlank()) {
            return new Inbound(text, null, attachments, location);
        }
        // Stickers, GIFs, files without words: an attachment the bot acknowledges.
        if (attachments.isEmpty() && location == null) {
            attachments.add(new Inbound.Attachment(name.substring("user_send_".length()), null));
        }
        return new Inbound(null, null, attachments, location);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
