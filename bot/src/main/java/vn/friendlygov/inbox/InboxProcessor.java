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
    private final vn.friendlygov.consent.Consent consent;

    public InboxProcessor(InboxRepository inbox, ConversationService conversations, FollowerRepository followers, Outbox outbox,
                          UnitDirectory units, Templates templates, ObjectMapper json, Clock clock,
                          OfficialZaloReplies officialReplies, vn.friendlygov.consent.Consent consent) {
        this.officialReplies = officialReplies;
        this.consent = consent;
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
        // "hủy nhận tin" / "STOP" / "đăng ký nhận tin": recorded and confirmed here, also as a first message.
        Map<Long, String> asideReplies = new HashMap<>();
        // Greetings and consent confirmations: no dialogue turn, but in the resident's history all the same.
        List<ConversationService.Aside> asides = new ArrayList<>();
        List<Long> asideEvents = new ArrayList<>();
        for (InboxEvent ev : events) {
            Unit unit = unit(ev);
            switch (ev.eventType()) {
                case PlatformEvent.FOLLOW -> {
                    followers.setFollowing(unit.id(), ev.channel(), ev.senderId(), true, now);
                    if (vn.friendlygov.consent.Consent.ZALO_UNFOLLOW.equals(consent.lastSource(unit.id(), ev.channel(), ev.senderId()))) {
                        // Following again undoes the unfollow's opt-out; an explicit "hủy nhận tin" stays.
                        consent.optIn(unit.id(), ev.channel(), ev.senderId(), vn.friendlygov.consent.Consent.ZALO_REFOLLOW, now);
                    }
                    newNames.add(new Resident(unit.id(), ev.channel(), ev.senderId()));
                    String greeting = templates.render("replies.welcome_follower", UnitContext.of(unit, units));
                    asideReplies.put(ev.id(), greeting);
                    asides.add(new ConversationService.Aside(unit, ev.channel(), ev.senderId(), null, greeting));
                    asideEvents.add(ev.id());
                }
                case PlatformEvent.UNFOLLOW -> {
                    followers.setFollowing(unit.id(), ev.channel(), ev.senderId(), false, now);
                    consent.optOut(unit.id(), ev.channel(), ev.senderId(), vn.friendlygov.consent.Consent.ZALO_UNFOLLOW, now);
                }
                default -> {
                    Optional<Official> official = officialReplies.official(unit, ev.channel(), ev.senderId());
                    Inbound in = read(ev.payload());
                    Optional<Boolean> keyword = vn.friendlygov.consent.ConsentKeywords.match(in.text());
                    if (official.isPresent()) {
                        fromOfficials.put(ev.id(), official.get());
                    } else if (keyword.isPresent()) {
                        consent.set(unit.id(), ev.channel(), ev.senderId(), keyword.get(), vn.friendlygov.consent.Consent.KEYWORD, now);
                        String confirmation = templates.render(keyword.get() ? "consent.opted_out" : "consent.opted_in",
                                UnitContext.of(unit, units));
                        asideReplies.put(ev.id(), confirmation);
                        asides.add(new ConversationService.Aside(unit, ev.channel(), ev.senderId(), in.text(), confirmation));
                        asideEvents.add(ev.id());
                    } else {
                        requests.add(new ConversationService.Request(unit, ev.channel(), ev.senderId(), in));
                    }
                    // Messenger has no follow event: whoever writes to the page is in its audience.
                    touches.add(new FollowerRepository.Touch(unit.id(), ev.channel(), ev.senderId(),
                            Channels.MESSENGER.equals(ev.channel())));
                }
            }
        }
        List<Long> asideConversations = conversations.recordAsides(asides);
        Map<Long, Long> conversationOf = new HashMap<>();
        for (int i = 0; i < asideEvents.size(); i++) {
            conversationOf.put(asideEvents.get(i), asideConversations.get(i));
        }
        var handled = conversations.handleAll(requests).iterator();
        List<OutboundMessage> replies = new ArrayList<>();
        for (InboxEvent ev : events) {
            Unit unit = unit(ev);
            switch (ev.eventType()) {
                case PlatformEvent.FOLLOW -> replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(),
                        conversationOf.get(ev.id()), MessageKind.REPLY, Reply.of(asideReplies.get(ev.id())),
                        "in:" + ev.id() + ":0"));
                case PlatformEvent.UNFOLLOW -> { }
                default -> {
                    Official official = fromOfficials.get(ev.id());
                    if (official != null) {
                        replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(), null, MessageKind.REPLY,
                                officialReplies.handle(unit, official, read(ev.payload()).text()), "in:" + ev.id() + ":0"));
                        continue;
                    }
                    String confirmation = asideReplies.get(ev.id());
                    if (confirmation != null) {
                        replies.add(new OutboundMessage(unit.id(), ev.channel(), ev.senderId(), conversationOf.get(ev.id()),
                                MessageKind.REPLY, Reply.of(confirmation), "in:" + ev.id() + ":0"));
                        continue;
                    }
                    var h = handled.next();
                    if (h.outcome().match() != null && "huy-nhan-tin".equals(h.outcome().match().id())) {
                        // The dialogue understood a longer opt-out request (only this turn, so a later opt-in holds).
                        consent.optOut(unit.id(), ev.channel(), ev.senderId(), vn.friendlygov.consent.Consent.CONVERSATION, now);
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
