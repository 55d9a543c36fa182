package vn.friendlygov.outbox;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.db.JdbcBatch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The single way any message leaves: a row per message, delivered by {@link OutboxDispatcher}. */
@Singleton
public class Outbox {
    private static final String INSERT = "INSERT IGNORE INTO outbox (dedupe_key, unit_id, channel, recipient_id, conversation_id, "
            + "kind, body, status, attempts, next_attempt_at, created_at, ticket_id, purpose, audience) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?, ?, ?, ?)";

    /**
     * Every message to a resident's conversation but the bot's own replies (ConversationService stores
     * those with the turn): case updates, officials' answers, letters, greetings. Once per dedupe key.
     */
    private static final String INSERT_HISTORY = "INSERT INTO message (conversation_id, direction, body, quick_replies, "
            + "created_at, author, outbox_key) SELECT ?, 'OUT', ?, NULL, ?, ?, ? FROM DUAL "
            + "WHERE NOT EXISTS (SELECT 1 FROM message WHERE outbox_key = ?)";

    private final JdbcOperations jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(JdbcOperations jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /** Queues a message in the caller's transaction (so it leaves only if the caller's work commits). */
    @Transactional
    public void enqueue(OutboundMessage m) {
        enqueueAll(List.of(m));
    }

    /**
     * Queues messages in the caller's transaction, in one round trip. A message whose dedupe key
     * was queued before is dropped; one over the platforms' length limit becomes several rows.
     */
    @Transactional
    public void enqueueAll(List<OutboundMessage> messages) {
        record Part(OutboundMessage message, String dedupeKey, Reply reply) {
        }
        List<Part> rows = new ArrayList<>(messages.size());
        for (OutboundMessage m : messages) {
            List<Reply> parts = MessageSplitter.split(m.reply());
            for (int i = 0; i < parts.size(); i++) {
                rows.add(new Part(m, parts.size() == 1 ? m.dedupeKey() : m.dedupeKey() + "#" + (i + 1), parts.get(i)));
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        JdbcBatch.run(jdbc, INSERT, rows, (ps, row) -> {
            OutboundMessage m = row.message();
            ps.setString(1, row.dedupeKey());
            ps.setLong(2, m.unitId());
            ps.setString(3, m.channel());
            ps.setString(4, m.recipientId());
            if (m.conversationId() == null) {
                ps.setNull(5, Types.BIGINT);
            } else {
                ps.setLong(5, m.conversationId());
            }
            ps.setString(6, m.kind().name());
            ps.setString(7, toJson(row.reply()));
            ps.setTimestamp(8, now);
            ps.setTimestamp(9, now);
            if (m.about() == null) {
                ps.setNull(10, Types.BIGINT);
                ps.setNull(11, Types.VARCHAR);
                ps.setNull(12, Types.VARCHAR);
            } else {
                ps.setLong(10, m.about().ticketId());
                ps.setString(11, m.about().purpose());
                ps.setString(12, m.about().audience());
            }
        });
        List<OutboundMessage> history = messages.stream()
                .filter(m -> m.conversationId() != null && m.kind() != MessageKind.REPLY && m.kind() != MessageKind.NOTIFICATION).toList();
        JdbcBatch.run(jdbc, INSERT_HISTORY, history, (ps, m) -> {
            ps.setLong(1, m.conversationId());
            ps.setString(2, m.reply().text());
            ps.setTimestamp(3, now);
            ps.setString(4, m.author());
            ps.setString(5, m.dedupeKey());
            ps.setString(6, m.dedupeKey());
        });
    }

    private String toJson(Reply reply) {
        try {
            return json.writeValueAsString(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Reply body(OutboxRow row) {
        try {
            return json.readValue(row.body(), Reply.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
