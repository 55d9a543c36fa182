package vn.friendlygov.inbox;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.channel.PlatformEvent;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Handles one stored event in one transaction: the conversation, the follower registry, the
 * replies queued in the outbox and the event marked done commit together, so an event is answered
 * exactly once however often it is retried.
 */
@Singleton
public class InboxProcessor {
    /** Outcome of one step, so the caller knows whether to fetch the resident's name. */
    public record Step(boolean handled, long unitId, String channel, String senderId, boolean needsProfile) {
        static final Step NONE = new Step(false, 0, null, null, false);
    }

    private final InboxRepository inbox;
    private final ConversationService conversations;
    private final FollowerRepository followers;
    private final Outbox outbox;
    private final UnitRepository units;
    private final Templates templates;
    private final ObjectMapper json;
    private final Clock clock;
    private final vn.friendlygov.unit.UnitDirectory unitDirectory;

    public InboxProcessor(InboxRepository inbox, ConversationService conversations, FollowerRepository followers, Outbox outbox,
                          UnitRepository units, Templates templates, ObjectMapper json, Clock clock,
                          vn.friendlygov.unit.UnitDirectory unitDirectory) {
        this.unitDirectory = unitDirectory;
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
    public Step processNext(String channel, String senderId) {
        var next = inbox.lockEarliestPending(channel, senderId);
        if (next.isEmpty()) {
            return Step.NONE;
        }
        InboxEvent ev = next.get();
        Instant now = clock.instant();
        Unit unit = units.findById(ev.unitId()).orElseThrow(() -> new IllegalStateException("unit " + ev.unitId() + " is gone"));
        boolean needsProfile = false;
        switch (ev.eventType()) {
            case PlatformEvent.FOLLOW -> {
                followers.setFollowing(unit.id(), channel, senderId, true, now);
                Reply welcome = Reply.of(templates.render("replies.welcome_follower",
                        vn.friendlygov.conversation.UnitContext.of(unit, unitDirectory)));
                outbox.enqueue(new OutboundMessage(unit.id(), channel, senderId, null, MessageKind.REPLY, welcome, "in:" + ev.id() + ":0"));
                needsProfile = true;
            }
            case PlatformEvent.UNFOLLOW -> followers.setFollowing(unit.id(), channel, senderId, false, now);
            default -> {
                Inbound in = read(ev.payload());
                var handled = conversations.handle(unit, channel, senderId, in);
                // Messenger has no follow event: whoever writes to the page is in its audience.
                followers.touch(unit.id(), channel, senderId, Channels.MESSENGER.equals(channel), now);
                if (handled.conversation().isOptedOut()) {
                    followers.setOptedOut(unit.id(), channel, senderId, true, now);
                }
                List<Reply> replies = handled.outcome().replies();
                for (int i = 0; i < replies.size(); i++) {
                    outbox.enqueue(new OutboundMessage(unit.id(), channel, senderId, handled.conversation().getId(),
                            MessageKind.REPLY, replies.get(i), "in:" + ev.id() + ":" + i));
                }
                needsProfile = handled.conversation().getDisplayName() == null;
            }
        }
        inbox.finish(ev.id(), InboxEvent.DONE, null, now);
        return new Step(true, unit.id(), channel, senderId, needsProfile);
    }

    /** Counts a failed attempt on the sender's earliest event; after {@code maxAttempts} it is set aside (FAILED). */
    @Transactional
    public void recordFailure(String channel, String senderId, int maxAttempts, String error) {
        inbox.lockEarliestPending(channel, senderId).ifPresent(ev -> {
            String reason = error.length() > 480 ? error.substring(0, 480) : error;
            if (ev.attempts() + 1 >= maxAttempts) {
                inbox.finish(ev.id(), InboxEvent.FAILED, reason, clock.instant());
            } else {
                inbox.recordFailure(ev.id(), reason);
            }
        });
    }

    private Inbound read(String payload) {
        try {
            return json.readValue(payload, Inbound.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
