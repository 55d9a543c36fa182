package vn.friendlygov.channel;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.db.Deadlocks;
import vn.friendlygov.db.JdbcBatch;
import vn.friendlygov.db.Lanes;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * Residents' display names, from the channel that has them ({@link ChannelSender#displayName}: Zalo's
 * user detail, the Messenger profile), for greetings by name. Fetched in
 * the background after a first message or a follow, cached with Caffeine, stored on the follower
 * and conversation rows: what several lookups found is written in one transaction (a storm of new
 * residents would otherwise cost two commits each). A failed lookup only means no name.
 */
@Singleton
public class Profiles {
    private static final Logger LOG = LoggerFactory.getLogger(Profiles.class);

    private final Map<String, ChannelSender> senders;
    private final UnitDirectory units;
    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;
    private final Cache<String, Optional<String>> names = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterWrite(Duration.ofHours(24)).build();
    private final ExecutorService background = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "profiles");
        t.setDaemon(true);
        return t;
    });
    // Nobody waits for a name: a quarter of a second gathers a storm's new residents into few transactions.
    private final Lanes<Found> writer = new Lanes<>("profiles-writer", 1, 200, Duration.ofMillis(250), this::store);

    private record Found(long unitId, String channel, String userId, String name) {
    }

    public Profiles(List<ChannelSender> senders, UnitDirectory units, JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.senders = senders.stream().collect(Collectors.toMap(ChannelSender::channel, s -> s));
        this.units = units;
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    public void fetchLater(long unitId, String channel, String userId) {
        ChannelSender sender = senders.get(channel);
        if (sender == null || !sender.hasProfiles() || names.getIfPresent(unitId + "/" + channel + "/" + userId) != null) {
            return;
        }
        background.execute(() -> units.byId(unitId).ifPresent(unit -> displayName(unit, channel, userId)
                .ifPresent(name -> writer.submit(0, new Found(unitId, channel, userId, name)))));
    }

    /** Only the name columns, so a write never undoes what a turn just saved. */
    private void store(List<Found> found) {
        // Rows locked in the order the inbox locks conversations (by resident id): no deadlock cycle.
        List<Found> sorted = found.stream().sorted(Comparator.comparing(Found::userId)).toList();
        try {
            Deadlocks.retry(() -> transactions.executeWrite(status -> {
                sorted.stream().collect(Collectors.groupingBy(f -> f.unitId() + "/" + f.channel(), LinkedHashMap::new, Collectors.toList()))
                        .values().forEach(group -> JdbcBatch.inChunks(group, chunk -> {
                            setNames("follower", "user_id", chunk);
                            setNames("conversation", "channel_user_id", chunk);
                        }));
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warn("Storing {} display names failed: {}", found.size(), e.getClass().getSimpleName());
        }
    }

    /** One unit's and channel's residents: one statement. */
    private void setNames(String table, String userColumn, List<Found> chunk) {
        JdbcBatch.update(jdbc, "UPDATE " + table + " SET display_name = " + JdbcBatch.cases(userColumn, chunk.size())
                + " WHERE unit_id = ? AND channel = ? AND " + userColumn + " IN (" + JdbcBatch.marks(chunk.size()) + ")", ps -> {
            int i = 0;
            for (Found f : chunk) {
                ps.setString(++i, f.userId());
                ps.setString(++i, f.name());
            }
            ps.setLong(++i, chunk.get(0).unitId());
            ps.setString(++i, chunk.get(0).channel());
            for (Found f : chunk) {
                ps.setString(++i, f.userId());
            }
        });
    }

    public Optional<String> displayName(Unit unit, String channel, String userId) {
        return names.get(unit.id() + "/" + channel + "/" + userId, k -> fetch(unit, channel, userId));
    }

    private Optional<String> fetch(Unit unit, String channel, String userId) {
        ChannelSender sender = senders.get(channel);
        try {
            return sender == null ? Optional.empty() : sender.displayName(unit, userId);
        } catch (RuntimeException e) {
            LOG.debug("Profile lookup failed on {}: {}", channel, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        background.shutdownNow();
        writer.close();
    }
}
