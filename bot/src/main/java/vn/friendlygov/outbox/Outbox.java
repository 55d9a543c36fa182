package vn.friendlygov.outbox;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.conversation.Reply;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;

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
        String body;
        try {
            body = json.writeValueAsString(m.reply());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows.insertIgnore(m.dedupeKey(), m.unitId(), m.channel(), m.recipientId(), m.conversationId(),
                m.kind().name(), body, now) == 1;
    }

    Reply body(OutboxRow row) {
        try {
            return json.readValue(row.body(), Reply.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
