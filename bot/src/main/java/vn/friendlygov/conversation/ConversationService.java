package vn.friendlygov.conversation;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.db.JdbcBatch;
import vn.friendlygov.unit.Unit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Handles inbound messages in one transaction: lock the residents' conversations, decide the
 * answers, store the messages, the replies and what the bot now remembers. Every channel goes
 * through here; a batch costs a handful of statements however many messages it holds, which is
 * what lets a burst of webhook events through on a small machine.
 */
@Singleton
public class ConversationService {
    private static final String CREATE_IF_ABSENT = "INSERT IGNORE INTO conversation (unit_id, channel, channel_user_id, "
            + "status, unsure_count, opted_out, last_message_at, created_at) VALUES (?, ?, ?, 'BOT', 0, FALSE, ?, ?)";
    private static final String INSERT_MESSAGE = "INSERT INTO message (conversation_id, direction, body, quick_replies, "
            + "match_kind, match_id, confidence, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final ConversationRepository conversations;
    private final DialogueEngine engine;
    private final JdbcOperations jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public ConversationService(ConversationRepository conversations, DialogueEngine engine,
                               JdbcOperations jdbc, ObjectMapper json, Clock clock) {
        this.conversations = conversations;
        this.engine = engine;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** One resident's message on one channel to one unit; {@code clientAddress} as in {@link Turn}. */
    public record Request(Unit unit, String channel, String channelUserId, Inbound inbound,
                          @io.micronaut.core.annotation.Nullable String clientAddress) {
        public Request(Unit unit, String channel, String channelUserId, Inbound inbound) {
            this(unit, channel, channelUserId, inbound, null);
        }
    }

    public record Handled(Conversation conversation, Outcome outcome) {
    }

    @Transactional
    public Handled handle(Unit unit, String channel, String channelUserId, Inbound inbound) {
        return handleAll(List.of(new Request(unit, channel, channelUserId, inbound))).get(0);
    }

    /**
     * Handles the messages in list order (one resident's messages must come in the order sent):
     * the answers, one per request, in the same order.
     */
    @Transactional
    public List<Handled> handleAll(List<Request> requests) {
        Instant now = clock.instant();
        Map<Key, Conversation> locked = lockOrCreate(requests, now);
        List<Handled> handled = new ArrayList<>(requests.size());
        List<Message> rows = new ArrayList<>(requests.size() * 2);
        for (Request r : requests) {
            Conversation c = find(locked, Key.of(r));
            if (c == null) {
                throw new IllegalStateException("no conversation locked for a " + r.channel() + " resident of unit " + r.unit().id());
            }
            Outcome outcome;
            if (c.withHuman()) {
                // An official is awaited or holds it: the bot stays quiet; the message is stored for the official.
                outcome = new Outcome(List.of(), new Match("handoff", "gap-can-bo", 1.0));
            } else {
                outcome = engine.handle(new Turn(r.unit(), c, numberedChoice(c, r.inbound()), now, r.clientAddress()));
                c.setOfferedChoices(outcome.replies().isEmpty() ? null : choices(outcome.replies().get(outcome.replies().size() - 1)));
            }
            rows.add(new Message(null, c.getId(), Message.IN, describe(r.inbound()), null, outcome.match().kind(),
                    outcome.match().entry(), outcome.match().confidence(), now));
            for (Reply reply : outcome.replies()) {
                rows.add(new Message(null, c.getId(), Message.OUT, reply.text(),
                        reply.quickReplies().isEmpty() ? null : toJson(reply.quickReplies()), null, null, null, now));
            }
            c.setLastInboundAt(now);
            c.setLastMessageAt(now);
            handled.add(new Handled(c, outcome));
        }
        insert(rows);
        update(new ArrayList<>(new LinkedHashSet<>(locked.values())), now);
        return handled;
    }

    /**
     * What passes outside the dialogue but belongs to the resident's history: the greeting sent when they
     * follow the OA ({@code in} null) or an opt-out keyword and its confirmation.
     */
    public record Aside(Unit unit, String channel, String channelUserId, @io.micronaut.core.annotation.Nullable String in, String out) {
    }

    /** Stores asides in their conversations (created if new); the conversations' ids, in list order. */
    @Transactional
    public List<Long> recordAsides(List<Aside> asides) {
        if (asides.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Request> keys = asides.stream().map(a -> new Request(a.unit(), a.channel(), a.channelUserId(),
                new Inbound(a.in(), null, List.of(), null))).toList();
        Map<Key, Conversation> locked = lockOrCreate(keys, now);
        List<Long> ids = new ArrayList<>(asides.size());
        List<Message> rows = new ArrayList<>();
        for (Request r : keys) {
            Conversation c = find(locked, Key.of(r));
            if (c == null) {
                throw new IllegalStateException("no conversation locked for a " + r.channel() + " resident of unit " + r.unit().id());
            }
            ids.add(c.getId());
            if (r.inbound().text() != null) {
                rows.add(new Message(null, c.getId(), Message.IN, r.inbound().text(), null, null, null, null, now));
            }
            rows.add(new Message(null, c.getId(), Message.OUT, asides.get(ids.size() - 1).out(), null, null, null, null, now));
        }
        insert(rows);
        return ids;
    }

    /** What a turn may change in a conversation, each column with its value. */
    private record Column(String name, Function<Conversation, Object> value) {
    }

    private static final List<Column> TURN_COLUMNS = List.of(
            new Column("status", Conversation::getStatus),
            new Column("topic_id", Conversation::getTopicId),
            new Column("flow", Conversation::getFlow),
            new Column("flow_state", Conversation::getFlowState),
            new Column("unsure_count", Conversation::getUnsureCount),
            new Column("opted_out", Conversation::isOptedOut),
            new Column("offered_choices", Conversation::getOfferedChoices),
            new Column("waiting_since", c -> c.getWaitingSince() == null ? null : Timestamp.from(c.getWaitingSince())));

    /**
     * Saves what the turns changed, one statement per hundred conversations (every conversation
     * here has just had a message). Not the display name: {@code Profiles} writes that.
     */
    private void update(List<Conversation> changed, Instant now) {
        Timestamp at = Timestamp.from(now);
        JdbcBatch.inChunks(changed, chunk -> JdbcBatch.update(jdbc, "UPDATE conversation SET last_inbound_at = ?, last_message_at = ?, "
                + TURN_COLUMNS.stream().map(c -> c.name() + " = " + JdbcBatch.cases("id", chunk.size())).collect(Collectors.joining(", "))
                + " WHERE id IN (" + JdbcBatch.marks(chunk.size()) + ")", ps -> {
            int i = 0;
            ps.setTimestamp(++i, at);
            ps.setTimestamp(++i, at);
            for (Column column : TURN_COLUMNS) {
                for (Conversation c : chunk) {
                    ps.setLong(++i, c.getId());
                    ps.setObject(++i, column.value().apply(c));
                }
            }
            for (Conversation c : chunk) {
                ps.setLong(++i, c.getId());
            }
        }));
    }

    private record Key(long unitId, String channel, String userId) {
        static Key of(Request r) {
            return new Key(r.unit().id(), r.channel(), r.channelUserId());
        }
    }

    /**
     * Locks the residents' conversations, creating first those that are new. The pool runs READ
     * COMMITTED, so locking rows that do not exist yet takes no gap lock that other new
     * conversations could deadlock on; rows are locked in index order.
     */
    private Map<Key, Conversation> lockOrCreate(List<Request> requests, Instant now) {
        Map<Key, Conversation> locked = new HashMap<>();
        Map<Key, Set<String>> groups = new LinkedHashMap<>();   // (unit, channel) -> residents
        for (Request r : requests) {
            groups.computeIfAbsent(new Key(r.unit().id(), r.channel(), null), k -> new TreeSet<>()).add(r.channelUserId());
        }
        groups.forEach((group, userIds) -> {
            lock(group, userIds, locked);
            List<String> missing = userIds.stream().filter(u -> find(locked, new Key(group.unitId(), group.channel(), u)) == null).toList();
            if (!missing.isEmpty()) {
                createIfAbsent(group, missing, now);
                lock(group, missing, locked);
            }
        });
        return locked;
    }

    /**
     * The conversation locked for a resident. MySQL compares ids by the column's collation
     * (utf8mb4_unicode_ci ignores letter case): web chat ids "Abc" and "abc" are one row, stored
     * under whichever came first, so an id not found as spelt is looked up without regard to case.
     */
    private static Conversation find(Map<Key, Conversation> locked, Key key) {
        Conversation exact = locked.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<Key, Conversation> e : locked.entrySet()) {
            Key k = e.getKey();
            if (k.unitId() == key.unitId() && k.channel().equals(key.channel()) && k.userId().equalsIgnoreCase(key.userId())) {
                return e.getValue();
            }
        }
        return null;
    }

    private void lock(Key group, Collection<String> userIds, Map<Key, Conversation> into) {
        for (Conversation c : conversations.findAllForUpdate(group.unitId(), group.channel(), userIds)) {
            into.put(new Key(c.getUnitId(), c.getChannel(), c.getChannelUserId()), c);
        }
    }

    /** Two first messages at once (two instances): one creates the row, the other finds it. */
    private void createIfAbsent(Key group, List<String> userIds, Instant now) {
        Timestamp at = Timestamp.from(now);
        JdbcBatch.run(jdbc, CREATE_IF_ABSENT, userIds, (ps, userId) -> {
            ps.setLong(1, group.unitId());
            ps.setString(2, group.channel());
            ps.setString(3, userId);
            ps.setTimestamp(4, at);
            ps.setTimestamp(5, at);
        });
    }

    private void insert(List<Message> rows) {
        JdbcBatch.run(jdbc, INSERT_MESSAGE, rows, (ps, m) -> {
            ps.setLong(1, m.conversationId());
            ps.setString(2, m.direction());
            ps.setString(3, m.body());
            ps.setString(4, m.quickReplies());
            ps.setString(5, m.matchKind());
            ps.setString(6, m.matchId());
            if (m.confidence() == null) {
                ps.setNull(7, Types.DOUBLE);
            } else {
                ps.setDouble(7, m.confidence());
            }
            ps.setTimestamp(8, Timestamp.from(m.createdAt()));
        });
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
