package vn.friendlygov.inbox;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.security.Official;
import vn.friendlygov.conversation.handoff.OfficialZaloReplies;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.util.Optional;
import java.util.HashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Handles stored events in one transaction per batch: the conversations, the follower registry,
 * the replies queued in the outbox and the events marked done commit together, so an event is
 * answered exactly once however often it is retried. A batch holds the pending events of several
 * residents, each resident's in the order sent.
 */
@Singleton
public class InboxProcessor {
    /** At most this many events in one transaction; a resident with more is resumed in the next. */
    static final int MAX_EVENTS = 200;

    /** What a batch did, so the caller can wake the dispatcher, fetch names and resume the rest. */
    public record Result(int handled, boolean more, List<Resident> newNames) {
    }

    /** A resident whose display name is not known yet. */
    public record Resident(long unitId, String channel, String senderId) {
    }

    private final InboxRepository inbox;
    private final ConversationService conversations;
    private final FollowerRepository followers;
    private final Outbox outbox;
    private final UnitDirectory units;
    private final Templates templates;
    private final ObjectMapper json;
    private final Clock clock;
    private final OfficialZaloReplies officialReplies;

    public InboxProcessor(InboxRepository inbox, ConversationService conversations, FollowerRepository followers, Outbox outbox,
                          UnitDirectory units, Templates templates, ObjectMapper json, Clock clock,
                          OfficialZaloReplies officialReplies) {
        this.officialReplies = officialReplies;
        this.inbox = inbox;
        this.conversations = conversations;
        this.followers = followers;
        this.outbox = outbox;
        this.units = units;
        this.templates = templates;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public Result process(List<PendingSender> senders) {
        List<InboxEvent> events = lockPending(senders, MAX_EVENTS);
        if (events.isEmpty()) {
            return new Result(0, false, List.of());
        }
        Instant now = clock.instant();
        List<ConversationService.Request> requests = new ArrayList<>();
        List<FollowerRepository.Touch> touches = new ArrayList<>();
        List<Resident> newNames = new ArrayList<>();
        // Officials writing to their unit's OA answer residents from there; they never talk to the bot.
        Map<Long, Official> fromOfficials = new HashMap<>();
        for (InboxEvent ev : events) {
            Unit unit = unit(ev);
            switch (ev.eventType()) {
                case PlatformEvent.FOLLOW -> {
                    followers.setFollowing(unit.id(), ev.channel(), ev.senderId(), true, now);
                    newNames.add(new Resident(unit.id(), ev.channel(), ev.senderId()));
                }
                case PlatformEvent.UNFOLLOW -> followers.setFollowing(unit.id(), ev.channel(), ev.senderId(), false, now);
                default -> {
                    Optional<Official> official = officialReplies.official(unit, ev.channel(), ev.senderId());
                    if (official.isPresent()) {
                        fromOfficials.put(ev.id(), official.get());
                    } else {
                        requests.add(new ConversationService.Request(unit, ev.channel(), ev.senderId(), read(ev.payload())));
                    }
                    // Messenger has no follow event: whoever writes to the page is in its audience.
                    touches.add(new FollowerRepository.Touch(unit.id(), ev.channel(), ev.senderId(),
                            Channels.MESSENGER.equals(ev.channel())));
                }
            }
        }
        var handled = conversations.handleAll(requests).iterator();
        List<OutboundMessage> replies = new ArrayList<>();
        for (InboxEvent ev : events) {
            Unit unit = unit(ev);
            switch (ev.eventType()) {
                case PlatformEvent.FOLLOW -> replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(), null,
                        MessageKind.REPLY, Reply.of(templates.render("replies.welcome_follower", UnitContext.of(unit, units))),
                        "in:" + ev.id() + ":0"));
                case PlatformEvent.UNFOLLOW -> { }
                default -> {
                    Official official = fromOfficials.get(ev.id());
                    if (official != null) {
                        replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(), null, MessageKind.REPLY,
                                officialReplies.handle(unit, official, read(ev.payload()).text()), "in:" + ev.id() + ":0"));
                        continue;
                    }
                    var h = handled.next();
                    if (h.conversation().isOptedOut()) {
                        followers.setOptedOut(unit.id(), ev.channel(), ev.senderId(), true, now);
                    }
                    List<Reply> out = h.outcome().replies();
                    for (int i = 0; i < out.size(); i++) {
                        replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(), h.conversation().getId(),
                                MessageKind.REPLY, out.get(i), "in:" + ev.id() + ":" + i));
                    }
                    if (h.conversation().getDisplayName() == null) {
                        newNames.add(new Resident(unit.id(), ev.channel(), ev.senderId()));
                    }
                }
            }
        }
        touches.sort(Comparator.comparing(FollowerRepository.Touch::userId));   // rows locked in one order
        followers.touchAll(touches, now);
        outbox.enqueueAll(replies);
        inbox.finishAll(events.stream().map(InboxEvent::id).toList(), now);
        return new Result(events.size(), events.size() >= MAX_EVENTS, newNames.stream().distinct().toList());
    }

    /** Counts a failed attempt on the sender's earliest event; after {@code maxAttempts} it is set aside (FAILED). */
    @Transactional
    public void recordFailure(PendingSender sender, int maxAttempts, String error) {
        inbox.lockPending(sender.channel(), List.of(sender.senderId()), 1).forEach(ev -> {
            String reason = error.length() > 480 ? error.substring(0, 480) : error;
            if (ev.attempts() + 1 >= maxAttempts) {
                inbox.finish(ev.id(), InboxEvent.FAILED, reason, clock.instant());
            } else {
                inbox.recordFailure(ev.id(), reason);
            }
        });
    }

    /** The senders' pending events, locked, grouped by channel; each sender's in the order sent. */
    private List<InboxEvent> lockPending(List<PendingSender> senders, int limit) {
        Map<String, Set<String>> byChannel = new LinkedHashMap<>();
        senders.forEach(s -> byChannel.computeIfAbsent(s.channel(), c -> new TreeSet<>()).add(s.senderId()));
        List<InboxEvent> events = new ArrayList<>();
        for (var e : byChannel.entrySet()) {
            if (events.size() < limit) {
                events.addAll(inbox.lockPending(e.getKey(), e.getValue(), limit - events.size()));
            }
        }
        return events;
    }

    private Unit unit(InboxEvent ev) {
        return units.byId(ev.unitId()).orElseThrow(() -> new IllegalStateException("unit " + ev.unitId() + " is gone"));
    }

    private Inbound read(String payload) {
        try {
            return json.readValue(payload, Inbound.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
