package vn.friendlygov.outbox;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.conversation.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The single way any message leaves: a row per message, delivered by {@link OutboxDispatcher}. */
@Singleton
public class Outbox {
    private final OutboxRepository rows;
    private final ObjectMapper json;
    private final Clock clock;

    public Outbox(OutboxRepository rows, ObjectMapper json, Clock clock) {
        this.rows = rows;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Queues a message in the caller's transaction (so it leaves only if the caller's work commits).
     * Returns false when a message with the same dedupe key was queued before.
     */
    @Transactional
    public boolean enqueue(OutboundMessage m) {
        Instant now = clock.instant();
        List<Reply> parts = MessageSplitter.split(m.reply());
        boolean fresh = false;
        for (int i = 0; i < parts.size(); i++) {
            String key = parts.size() == 1 ? m.dedupeKey() : m.dedupeKey() + "#" + (i + 1);
            fresh |= rows.insertIgnore(key, m.unitId(), m.channel(), m.recipientId(), m.conversationId(),
                    m.kind().name(), toJson(parts.get(i)), now) == 1;
        }
        return fresh;
    }

    private String toJson(Reply reply) {
        try {
            return json.writeValueAsString(reply);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Reply body(OutboxRow row) {
        try {
            return json.readValue(row.body(), Reply.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
