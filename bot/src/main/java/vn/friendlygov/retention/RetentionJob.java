package vn.friendlygov.retention;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes what {@link RetentionSettings} no longer keeps, oldest first, in small batches of their own
 * short transactions with a pause between them (live traffic keeps the database): handled webhook
 * events, sent outbox rows, messages of conversations without a case; complaint photos only when
 * configured (the image removed, the case kept). Never a case, nor a message of a case's conversation.
 */
@Singleton
public class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);

    /** One kind: how to find a batch of old ids, and what to do with them. */
    public record Kind(String name, Duration keep, String select, String apply) {
    }

    private final JdbcOperations jdbc;
    private final RetentionSettings settings;
    private final Clock clock;

    public RetentionJob(JdbcOperations jdbc, RetentionSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(fixedDelay = "${retention.interval:10m}", initialDelay = "2m")
    void scheduled() {
        if (settings.isEnabled()) {
            try {
                runOnce();
            } catch (RuntimeException e) {
                LOG.warn("Retention purge stopped; it tries again at the next run: {}", e.toString());
            }
        }
    }

    List<Kind> kinds() {
        return List.of(
                new Kind("inboxEvents", settings.getInboxEvents(),
                        "SELECT id FROM inbox_event WHERE received_at < ? AND status = 'DONE' ORDER BY received_at LIMIT ?",
                        "DELETE FROM inbox_event WHERE id IN (%s)"),
                new Kind("sentOutbox", settings.getSentOutbox(),
                        "SELECT id FROM outbox WHERE sent_at < ? AND status = 'SENT' ORDER BY sent_at LIMIT ?",
                        "DELETE FROM outbox WHERE id IN (%s)"),
                new Kind("messages", settings.getMessages(),
                        "SELECT m.id FROM message m WHERE m.created_at < ? AND NOT EXISTS "
                                + "(SELECT 1 FROM ticket t WHERE t.conversation_id = m.conversation_id) ORDER BY m.created_at LIMIT ?",
                        "DELETE FROM message WHERE id IN (%s)"),
                new Kind("photos", settings.getPhotos(),
                        "SELECT ticket_id FROM ticket_photo WHERE fetched_at < ? AND bytes IS NOT NULL ORDER BY fetched_at LIMIT ?",
                        "UPDATE ticket_photo SET bytes = NULL, content_type = NULL, failure = 'removed after the retention period' "
                                + "WHERE ticket_id IN (%s)"));
    }

    /** One pass over every kind; returns the rows purged per kind. */
    public Map<String, Integer> runOnce() {
        Map<String, Integer> purged = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (Kind k : kinds()) {
            int total = 0;
            if (!k.keep().isZero() && !k.keep().isNegative()) {
                Instant before = now.minus(k.keep());
                for (int b = 0; b < settings.getMaxBatches(); b++) {
                    int[] done = batch(k, before);
                    total += done[1];
                    if (done[0] < settings.getBatchSize()) {
                        break;
                    }
                    pause();
                }
            }
            purged.put(k.name(), total);
        }
        if (purged.values().stream().anyMatch(n -> n > 0)) {
            LOG.info("Retention purge: {}", purged);
        }
        return purged;
    }

    /** One batch in its own short transaction: {rows found, rows purged}. */
    @Transactional
    public int[] batch(Kind k, Instant before) {
        List<Long> ids = ids(k.select(), before);
        if (ids.isEmpty()) {
            return new int[]{0, 0};
        }
        String sql = String.format(k.apply(), String.join(",", Collections.nCopies(ids.size(), "?")));
        int purged = jdbc.prepareStatement(sql, ps -> {
            for (int i = 0; i < ids.size(); i++) {
                ps.setLong(i + 1, ids.get(i));
            }
            return ps.executeUpdate();
        });
        return new int[]{ids.size(), purged};
    }

    private List<Long> ids(String select, Instant before) {
        return jdbc.prepareStatement(select, ps -> {
            ps.setTimestamp(1, Timestamp.from(before));
            ps.setInt(2, settings.getBatchSize());
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    private void pause() {
        try {
            Thread.sleep(settings.getPause().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
