package vn.friendlygov.conversation;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Handles one inbound message in one transaction: lock the conversation, decide the answer,
 * store the message, the replies and what the bot now remembers. Every channel goes through here.
 */
@Singleton
public class ConversationService {
    private final ConversationRepository conversations;
    private final MessageRepository messages;
    private final DialogueEngine engine;
    private final ObjectMapper json;
    private final Clock clock;

    public ConversationService(ConversationRepository conversations, MessageRepository messages, DialogueEngine engine,
                               ObjectMapper json, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.engine = engine;
        this.json = json;
        this.clock = clock;
    }

    public record Handled(Conversation conversation, Outcome outcome) {
    }

    @Transactional
    public Handled handle(Unit unit, String channel, String channelUserId, Inbound inbound) {
        Instant now = clock.instant();
        Conversation c = lockOrCreate(unit.id(), channel, channelUserId, now);
        Outcome outcome;
        if (Conversation.WAITING_FOR_OFFICIAL.equals(c.getStatus())) {
            outcome = new Outcome(List.of(), new Match("action", "gap-can-bo", 1.0));   // an official has it: the bot stays quiet
        } else {
            outcome = engine.handle(new Turn(unit, c, numberedChoice(c, inbound), now));
            c.setOfferedChoices(outcome.replies().isEmpty() ? null : choices(outcome.replies().get(outcome.replies().size() - 1)));
        }
        List<Message> rows = new ArrayList<>(1 + outcome.replies().size());
        rows.add(new Message(null, c.getId(), Message.IN, describe(inbound), null, outcome.match().kind(),
                outcome.match().id(), outcome.match().confidence(), now));
        for (Reply r : outcome.replies()) {
            rows.add(new Message(null, c.getId(), Message.OUT, r.text(), r.quickReplies().isEmpty() ? null : toJson(r.quickReplies()),
                    null, null, null, now));
        }
        messages.saveAll(rows);
        c.setLastInboundAt(now);
        c.setLastMessageAt(now);
        conversations.update(c);
        return new Handled(c, outcome);
    }

    /**
     * Locks the resident's conversation, creating it first when it is new. The pool runs READ
     * COMMITTED, so locking a row that does not exist yet takes no gap lock that other new
     * conversations could deadlock on.
     */
    private Conversation lockOrCreate(long unitId, String channel, String userId, Instant now) {
        var existing = conversations.findForUpdate(unitId, channel, userId);
        if (existing.isPresent()) {
            return existing.get();
        }
        conversations.createIfAbsent(unitId, channel, userId, now);
        return conversations.findForUpdate(unitId, channel, userId).orElseThrow();
    }

    /** "2" typed after a numbered list (Zalo shows quick replies as one) means the second choice. */
    private Inbound numberedChoice(Conversation c, Inbound in) {
        if (in.text() == null || c.getOfferedChoices() == null || !in.text().strip().matches("[1-9][0-9]?")) {
            return in;
        }
        try {
            List<String> payloads = json.readValue(c.getOfferedChoices(), io.micronaut.core.type.Argument.listOf(String.class));
            int n = Integer.parseInt(in.text().strip());
            return n <= payloads.size() ? new Inbound(null, payloads.get(n - 1), in.attachments(), in.location()) : in;
        } catch (IOException e) {
            return in;
        }
    }

    private String choices(Reply last) {
        return last.quickReplies().isEmpty() ? null : toJson(last.quickReplies().stream().map(Reply.QuickReply::payload).toList());
    }

    private static String describe(Inbound in) {
        StringBuilder s = new StringBuilder();
        if (in.text() != null) {
            s.append(in.text());
        } else if (in.postback() != null) {
            s.append("[chọn] ").append(in.postback());
        }
        for (Inbound.Attachment a : in.attachments()) {
            s.append(s.isEmpty() ? "" : "\n").append("[").append(a.type()).append("] ").append(a.url());
        }
        if (in.location() != null) {
            s.append(s.isEmpty() ? "" : "\n").append("[vị trí] ").append(in.location().latitude()).append(",").append(in.location().longitude());
        }
        return s.toString();
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
