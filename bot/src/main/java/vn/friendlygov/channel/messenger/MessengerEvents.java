package vn.friendlygov.channel.messenger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.channel.RejectedItem;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static vn.friendlygov.channel.JsonFields.text;

/**
 * Reads every entry and every item of a Messenger batch (after the signature check) into typed
 * {@link MessengerEvent}s. Each item is read on its own: one that cannot be read is kept as
 * rejected with its JSON and the reason, and the others go on.
 */
public final class MessengerEvents {
    private static final Set<String> ENVELOPE = Set.of("sender", "recipient", "timestamp");

    private MessengerEvents() {
    }

    /** One item of a batch, read or not, with the page it came to. */
    public sealed interface Item {
        String pageId();
    }

    /** {@code rawJson} is written only when the item is kept as rejected (a page no unit has). */
    public record Read(String pageId, MessengerEvent event, java.util.function.Supplier<String> rawJson) implements Item {
    }

    public record Invalid(String pageId, String rawJson, String reason) implements Item {
    }

    /** Every item of every entry ({@code messaging[]} and {@code standby[]}), in order. */
    public static List<Item> read(JsonNode root, JsonMapper json) {
        List<Item> out = new ArrayList<>();
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            return out;
        }
        for (JsonNode entry : entries.values()) {
            if (!entry.isObject()) {
                out.add(new Invalid(null, raw(entry, json), "entry is not an object"));
                continue;
            }
            String pageId = text(entry, "id");
            for (String channel : List.of("messaging", "standby")) {
                JsonNode items = entry.get(channel);
                if (items == null || !items.isArray()) {
                    continue;
                }
                for (JsonNode item : items.values()) {
                    // No page, no unit to answer for: kept as rejected (and counted), never silently dropped.
                    out.add(pageId == null || pageId.isBlank() ? new Invalid(null, raw(item, json), "entry has no page id")
                            : read(pageId, item, channel.equals("standby"), json));
                }
            }
        }
        return out;
    }

    private static Item read(String pageId, JsonNode item, boolean standby, JsonMapper json) {
        try {
            MessengerPayload p = json.readValueFromTree(item, MessengerPayload.class);
            MessengerEvent e = event(p, item);
            return new Read(pageId, standby ? new MessengerEvent.Standby(e) : e, () -> raw(item, json));
        } catch (RejectedItem.Invalid e) {
            return new Invalid(pageId, raw(item, json), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Invalid(pageId, raw(item, json), "unreadable messaging item: " + firstLine(e.getMessage()));
        }
    }

    /** The typed event of one item; {@link RejectedItem.Invalid} when a resident's item lacks what it needs. */
    static MessengerEvent event(MessengerPayload p, JsonNode raw) {
        String sender = p.sender() == null ? null : p.sender().id();
        MessengerPayload.Message m = p.message();
        if (m != null && Boolean.TRUE.equals(m.isEcho())) {
            return new MessengerEvent.Echo(p.recipient() == null ? null : p.recipient().id(), m.mid(), m.appId(), m.metadata(), m.text());
        }
        if (p.delivery() != null) {
            return new MessengerEvent.Delivery(sender, p.delivery().mids() == null ? List.of() : p.delivery().mids(),
                    p.delivery().watermark() == null ? 0 : p.delivery().watermark());
        }
        if (p.read() != null) {
            return new MessengerEvent.Read(sender, p.read().watermark() == null ? 0 : p.read().watermark());
        }
        if (m == null && p.postback() == null) {
            List<String> fields = new ArrayList<>();
            raw.entries().forEach(e -> {
                if (!ENVELOPE.contains(e.getKey())) {
                    fields.add(e.getKey());
                }
            });
            return new MessengerEvent.Unknown(sender, fields);
        }
        // From here on a resident wrote: who and when are required, and kept exactly.
        String from = PlatformEvent.senderId(sender, "sender.id");
        if (p.timestamp() == null) {
            throw new RejectedItem.Invalid("timestamp is missing");
        }
        long ts = p.timestamp();
        if (p.postback() != null) {
            return new MessengerEvent.Postback(from, p.postback().mid(), ts, p.postback().title(), p.postback().payload());
        }
        if (m.quickReply() != null && m.quickReply().payload() != null) {
            return new MessengerEvent.QuickReply(from, m.mid(), ts, m.text(), m.quickReply().payload());
        }
        List<Inbound.Attachment> attachments = new ArrayList<>();
        for (MessengerPayload.Attachment a : m.attachments() == null ? List.<MessengerPayload.Attachment>of() : m.attachments()) {
            MessengerPayload.AttachmentPayload ap = a.payload();
            String type = a.type() == null ? "file" : a.type();
            if (type.equals("location")) {
                MessengerPayload.Coordinates c = ap == null ? null : ap.coordinates();
                if (c == null || c.lat() == null || c.lon() == null) {
                    throw new RejectedItem.Invalid("location without coordinates.lat and coordinates.long");
                }
                if (Math.abs(c.lat()) > 90 || Math.abs(c.lon()) > 180) {
                    throw new RejectedItem.Invalid("location out of range");
                }
                return new MessengerEvent.Location(from, m.mid(), ts, c.lat(), c.lon());
            }
            boolean sticker = type.equals("sticker") || ap != null && ap.stickerId() != null || m.stickerId() != null;
            String kind = sticker ? "sticker" : type.equals("fallback") ? "link" : type;   // fallback: a shared link
            attachments.add(new Inbound.Attachment(kind, ap == null ? null : ap.url()));
        }
        if (!attachments.isEmpty()) {
            return new MessengerEvent.Attachments(from, m.mid(), ts, m.text(), attachments);
        }
        if (m.text() != null) {
            return new MessengerEvent.Text(from, m.mid(), ts, m.text());
        }
        return new MessengerEvent.Unknown(from, List.of("message"));
    }

    /**
     * The batch as the inbox stores it: residents' events for known pages, and the rejected items.
     * Echoes, receipts, standby and unknown kinds are counted and left alone.
     */
    public static WebhookItems toItems(List<Item> items, Function<String, Optional<Unit>> unitForPage, MeterRegistry metrics) {
        List<PlatformEvent> events = new ArrayList<>();
        List<RejectedItem> rejected = new ArrayList<>();
        Map<String, Optional<Unit>> units = new HashMap<>();   // one look-up (and one warning) per page
        for (Item item : items) {
            Optional<Unit> unit = item.pageId() == null ? Optional.empty() : units.computeIfAbsent(item.pageId(), unitForPage);
            if (item instanceof Invalid bad) {
                rejected.add(new RejectedItem(Channels.MESSENGER, unit.map(Unit::id).orElse(null), bad.rawJson(), bad.reason()));
            } else if (unit.isPresent() && ((Read) item).event() instanceof MessengerEvent.FromResident e) {
                String key = e.mid() != null ? PlatformEvent.eventKey(e.mid())
                        : (e instanceof MessengerEvent.Postback ? "postback:" : "msg:") + e.sender() + ":" + e.timestamp();
                events.add(new PlatformEvent(Channels.MESSENGER, key, unit.get().id(), e.sender(), PlatformEvent.MESSAGE,
                        e.timestamp(), e.inbound()));
            } else if (unit.isPresent()) {
                metrics.counter("webhook.ignored", "channel", "messenger").increment();
            } else if (((Read) item).event() instanceof MessengerEvent.FromResident) {
                // A resident wrote to a page no unit has (signed, so subscribed to our app): kept, not lost.
                rejected.add(new RejectedItem(Channels.MESSENGER, null, ((Read) item).rawJson().get(), "unknown page " + firstLine(item.pageId())));
            }
        }
        return new WebhookItems(events, rejected);
    }

    private static String raw(JsonNode item, JsonMapper json) {
        try {
            return json.writeValueAsString(item);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String firstLine(String s) {
        String line = s == null ? "" : s.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
