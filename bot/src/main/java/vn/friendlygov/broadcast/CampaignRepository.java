package vn.friendlygov.broadcast;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Campaign rows and their outbox rows. State changes are conditional UPDATEs ({@code WHERE status = ?}),
 * so two instances or two officials racing on one campaign change it once.
 */
@Singleton
public class CampaignRepository {
    private static final String COLUMNS = "id, unit_id, template, title, channels, variables_json, body, audience, scheduled_at, "
            + "status, author_id, approver_id, expand_channel, expand_after_id, expanded, zalo_broadcast, zalo_article_id, "
            + "zalo_message_id, zalo_reason, zalo_broadcast_at";
    /** Campaign rows go after replies and officials' messages (OutboxStore.DUE orders by priority). */
    static final int CAMPAIGN_PRIORITY = 1;

    private final JdbcOperations jdbc;

    public CampaignRepository(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional
    public long insert(long unitId, String template, String title, List<String> channels, String variablesJson, String audience,
                       Instant scheduledAt, long authorId, Instant now) {
        return jdbc.execute(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO campaign (unit_id, template, title, channels, variables_json, "
                    + "audience, scheduled_at, status, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, unitId);
                ps.setString(2, template);
                ps.setString(3, title);
                ps.setString(4, String.join(",", channels));
                ps.setString(5, variablesJson);
                ps.setString(6, audience);
                ps.setTimestamp(7, Timestamp.from(scheduledAt));
                ps.setLong(8, authorId);
                ps.setTimestamp(9, Timestamp.from(now));
                ps.setTimestamp(10, Timestamp.from(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    @Transactional
    public Optional<Campaign> find(long id) {
        List<Campaign> found = query("SELECT " + COLUMNS + " FROM campaign WHERE id = ?", id);
        return found.stream().findFirst();
    }

    /** A unit's campaigns, newest first (the console's list). */
    @Transactional
    public List<Campaign> forUnit(long unitId, int limit) {
        return query("SELECT " + COLUMNS + " FROM campaign WHERE unit_id = ? ORDER BY id DESC LIMIT " + Math.max(1, Math.min(limit, 500)), unitId);
    }

    /** Locks the row for the caller's transaction (the runner's chunk, so two instances take turns). */
    Optional<Campaign> lock(long id) {
        return query("SELECT " + COLUMNS + " FROM campaign WHERE id = ? FOR UPDATE", id).stream().findFirst();
    }

    @Transactional
    public List<Long> idsWithStatus(String status) {
        return jdbc.prepareStatement("SELECT id FROM campaign WHERE status = ? ORDER BY id", ps -> {
            ps.setString(1, status);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /** Any UPDATE on one campaign; {@code sql} ends with its WHERE. Returns the rows changed. */
    @Transactional
    public int update(String sql, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            return ps.executeUpdate();
        });
    }

    @Transactional
    public long count(String sql, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The report: the campaign's outbox rows by channel, status and reason (one GROUP BY over ix_outbox_campaign). */
    @Transactional
    public List<Map<String, Object>> outcomes(long campaignId) {
        return jdbc.prepareStatement("SELECT channel, status, reason_code, COUNT(*) FROM outbox WHERE campaign_id = ? "
                + "GROUP BY channel, status, reason_code", ps -> {
            ps.setLong(1, campaignId);
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("channel", rs.getString(1));
                    m.put("status", rs.getString(2));
                    m.put("reason", rs.getString(3));
                    m.put("n", rs.getLong(4));
                    out.add(m);
                }
            }
            return out;
        });
    }

    private List<Campaign> query(String sql, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            List<Campaign> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(map(rs));
                }
            }
            return out;
        });
    }

    private static Campaign map(ResultSet rs) throws SQLException {
        long approver = rs.getLong("approver_id");
        Long approverId = rs.wasNull() ? null : approver;
        Timestamp at = rs.getTimestamp("zalo_broadcast_at");
        return new Campaign(rs.getLong("id"), rs.getLong("unit_id"), rs.getString("template"), rs.getString("title"),
                Arrays.asList(rs.getString("channels").split(",")), rs.getString("variables_json"), rs.getString("body"),
                rs.getString("audience"), rs.getTimestamp("scheduled_at").toInstant(), rs.getString("status"),
                rs.getLong("author_id"), approverId, rs.getString("expand_channel"), rs.getLong("expand_after_id"),
                rs.getBoolean("expanded"), rs.getString("zalo_broadcast"), rs.getString("zalo_article_id"),
                rs.getString("zalo_message_id"), rs.getString("zalo_reason"), at == null ? null : at.toInstant());
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (a instanceof Instant t) {
                ps.setTimestamp(i + 1, Timestamp.from(t));
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else if (a instanceof Boolean b) {
                ps.setBoolean(i + 1, b);
            } else {
                ps.setString(i + 1, a.toString());
            }
        }
    }

    /** The source of one channel's recipients and the id the expansion cursor walks. */
    private static String source(String channel) {
        return switch (channel) {
            case "web" -> "conversation WHERE unit_id = ? AND channel = 'web' AND last_message_at >= ?";
            default -> "follower WHERE unit_id = ? AND channel = ? AND following = TRUE";
        };
    }

    /**
     * One chunk of the campaign's recipients into the outbox, in one transaction with the cursor
     * (the campaign row locked, so instances take turns): a crash between chunks resumes after the
     * last committed one, and INSERT IGNORE on the dedupe key ("campaign:<id>:<channel>:<recipient>")
     * makes a repeated chunk harmless. {@code channels}: in expansion order. Returns whether more remain.
     */
    @Transactional
    public boolean expandNext(long campaignId, List<String> channels, int size, String bodyJson, Instant openSince, Instant now) {
        Campaign c = lock(campaignId).orElse(null);
        if (c == null || c.expanded() || !Campaign.RUNNING.equals(c.status())) {
            return false;
        }
        int index = c.expandChannel() == null ? 0 : channels.indexOf(c.expandChannel());
        long after = c.expandAfterId();
        for (; index >= 0 && index < channels.size(); index++, after = 0) {
            String channel = channels.get(index);
            boolean web = "web".equals(channel);
            String where = source(channel);
            Object second = web ? openSince : channel;
            long from = after;
            Long last = jdbc.prepareStatement("SELECT MAX(id) FROM (SELECT id FROM " + where + " AND id > ? ORDER BY id LIMIT ?) c", ps -> {
                bind(ps, c.unitId(), second, from, size);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long v = rs.getLong(1);
                    return rs.wasNull() ? null : v;
                }
            });
            if (last == null) {
                continue;
            }
            String recipient = web ? "channel_user_id" : "user_id";
            String conversation = web ? "id" : "NULL";
            jdbc.prepareStatement("INSERT IGNORE INTO outbox (dedupe_key, unit_id, channel, recipient_id, conversation_id, kind, body, "
                    + "status, attempts, next_attempt_at, created_at, campaign_id, priority) SELECT CONCAT('campaign:', ?, ':', ?, ':', "
                    + recipient + "), unit_id, ?, " + recipient + ", " + conversation + ", 'PROMOTION', ?, 'PENDING', 0, ?, ?, ?, "
                    + CAMPAIGN_PRIORITY + " FROM " + where + " AND id > ? AND id <= ?", ps -> {
                bind(ps, campaignId, channel, channel, bodyJson, now, now, campaignId, c.unitId(), second, from, last);
                return ps.executeUpdate();
            });
            update("UPDATE campaign SET expand_channel = ?, expand_after_id = ?, updated_at = ? WHERE id = ?", channel, last, now, campaignId);
            return true;
        }
        update("UPDATE campaign SET expanded = TRUE, updated_at = ? WHERE id = ?", now, campaignId);
        return false;
    }
}
