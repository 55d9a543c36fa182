package vn.friendlygov.channel.zalo;

import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.channel.RejectedItem;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static vn.friendlygov.channel.JsonFields.text;

/**
 * Reads one Zalo OA event (after the signature check) into a typed {@link ZaloEvent}. IDs and
 * timestamps arrive as strings. An event that cannot be read is kept as rejected with the raw body
 * and the reason, and acknowledged: delivering it again would not make it readable.
 */
public final class ZaloEvents {
    private static final String USER_SEND = "user_send_";

    private ZaloEvents() {
    }

    /** The typed event, or {@link RejectedItem.Invalid} with the reason. */
    public static ZaloEvent read(JsonNode root, JsonMapper json) {
        ZaloPayload p;
        try {
            p = json.readValueFromTree(root, ZaloPayload.class);
        } catch (IOException | RuntimeException e) {
            String line = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new RejectedItem.Invalid("unreadable Zalo event: " + (line.length() > 300 ? line.substring(0, 300) + "…" : line));
        }
        return event(p);
    }

    static ZaloEvent event(ZaloPayload p) {
        String name = p.eventName() == null ? "" : p.eventName();
        ZaloPayload.Message m = p.message();
        switch (name) {
            case "follow", "unfollow" -> {
                String follower = PlatformEvent.senderId(p.follower() == null ? null : p.follower().id(), "follower.id");
                long ts = timestamp(p);
                return name.equals("follow") ? new ZaloEvent.Follow(follower, p.oaId(), ts, p.source())
                        : new ZaloEvent.Unfollow(follower, p.oaId(), ts, p.source());
            }
            case "user_received_message" -> {
                return new ZaloEvent.Delivered(id(p.recipient()), m == null ? null : m.msgId());
            }
            case "user_seen_message" -> {
                return new ZaloEvent.Seen(id(p.recipient()), m == null || m.msgIds() == null ? List.of() : m.msgIds());
            }
            default -> {
                if (name.startsWith("oa_send_")) {
                    return new ZaloEvent.Echo(name, id(p.sender()), id(p.recipient()), m == null ? null : m.msgId(), m == null ? null : m.text());
                }
                boolean resident = name.equals("user_submit_info") || name.equals("anonymous_send_text")
                        || name.startsWith(USER_SEND) && !name.startsWith("user_send_group_");
                if (!resident) {
                    return new ZaloEvent.Unknown(name);
                }
            }
        }
        // A resident wrote: who and when are required, and kept exactly.
        String sender = PlatformEvent.senderId(id(p.sender()), "sender.id");
        String oa = id(p.recipient());
        long ts = timestamp(p);
        String msgId = m == null ? null : m.msgId();
        if (name.equals("user_submit_info")) {
            if (p.info() == null) {
                throw new RejectedItem.Invalid("user_submit_info without info");
            }
            return new ZaloEvent.SubmitInfo(sender, oa, msgId, ts, p.info());
        }
        if (m == null) {
            throw new RejectedItem.Invalid(name + " without message");
        }
        String kind = name.startsWith(USER_SEND) ? name.substring(USER_SEND.length()) : "text";
        if (kind.equals("text")) {
            if (m.text() == null) {
                throw new RejectedItem.Invalid(name + " without message.text");
            }
            return new ZaloEvent.Text(sender, oa, msgId, ts, m.text());
        }
        List<Inbound.Attachment> attachments = new ArrayList<>();
        for (ZaloPayload.Attachment a : m.attachments() == null ? List.<ZaloPayload.Attachment>of() : m.attachments()) {
            String type = a.type() == null ? kind : a.type();
            ZaloPayload.Payload ap = a.payload();
            if (type.equals("location")) {
                ZaloPayload.Coordinates c = ap == null ? null : ap.coordinates();
                double lat = coordinate(c == null ? null : c.latitude(), "latitude", 90);
                double lon = coordinate(c == null ? null : c.longitude(), "longitude", 180);
                return new ZaloEvent.Location(sender, oa, msgId, ts, lat, lon);
            }
            attachments.add(new Inbound.Attachment(type, ap == null ? null : ap.url()));
        }
        if (kind.equals("location")) {
            throw new RejectedItem.Invalid("user_send_location without a location attachment");
        }
        if (attachments.isEmpty()) {
            // A link may come as text only; stickers, GIFs, files without a payload: acknowledged all the same.
            attachments.add(new Inbound.Attachment(kind, kind.equals("link") ? m.text() : null));
        }
        String caption = kind.equals("link") ? null : m.text();
        return new ZaloEvent.Attachments(sender, oa, msgId, ts, caption == null || caption.isBlank() ? null : caption, attachments);
    }

    /**
     * The event as the inbox stores it: a resident's message or a follow for a known OA, or the
     * rejected body. Echoes, receipts and unknown events store nothing.
     */
    public static WebhookItems toItems(JsonNode root, String rawBody, JsonMapper json, Function<String, Optional<Unit>> unitForOa) {
        ZaloEvent event;
        try {
            event = read(root, json);
        } catch (RejectedItem.Invalid e) {
            String oa = text(root, "oa_id") != null ? text(root, "oa_id") : root.get("recipient") == null ? null : text(root.get("recipient"), "id");
            Long unitId = oa == null ? null : unitForOa.apply(oa).map(Unit::id).orElse(null);
            return new WebhookItems(List.of(), List.of(new RejectedItem(Channels.ZALO, unitId, rawBody, e.getMessage())));
        }
        PlatformEvent stored = null;
        if (event instanceof ZaloEvent.Follow f) {
            stored = follow(f.follower(), f.oaId(), f.timestamp(), "follow", PlatformEvent.FOLLOW, unitForOa);
        } else if (event instanceof ZaloEvent.Unfollow f) {
            stored = follow(f.follower(), f.oaId(), f.timestamp(), "unfollow", PlatformEvent.UNFOLLOW, unitForOa);
        } else if (event instanceof ZaloEvent.FromResident r) {
            String key = r.msgId() != null ? PlatformEvent.eventKey(r.msgId()) : text(root, "event_name") + ":" + r.sender() + ":" + r.timestamp();
            stored = unitForOa.apply(r.oaId()).map(u -> new PlatformEvent(Channels.ZALO, key, u.id(), r.sender(), PlatformEvent.MESSAGE,
                    r.timestamp(), r.inbound())).orElse(null);
        }
        return new WebhookItems(stored == null ? List.of() : List.of(stored), List.of());
    }

    private static PlatformEvent follow(String follower, String oaId, long ts, String name, String type, Function<String, Optional<Unit>> unitForOa) {
        return unitForOa.apply(oaId).map(u -> new PlatformEvent(Channels.ZALO, name + ":" + follower + ":" + ts, u.id(), follower, type, ts,
                new Inbound(null, null, List.of(), null))).orElse(null);
    }

    private static String id(ZaloPayload.Party party) {
        return party == null ? null : party.id();
    }

    private static long timestamp(ZaloPayload p) {
        if (p.timestamp() == null) {
            throw new RejectedItem.Invalid("timestamp is missing");
        }
        try {
            return Long.parseLong(p.timestamp().strip());
        } catch (NumberFormatException e) {
            throw new RejectedItem.Invalid("timestamp is not a number of milliseconds");
        }
    }

    private static double coordinate(String value, String field, double max) {
        if (value == null || value.isBlank()) {
            throw new RejectedItem.Invalid("location without coordinates." + field);
        }
        try {
            double d = Double.parseDouble(value.strip());
            if (!Double.isFinite(d) || Math.abs(d) > max) {
                throw new RejectedItem.Invalid("location coordinates." + field + " out of range");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new RejectedItem.Invalid("location coordinates." + field + " is not a number");
        }
    }
}
