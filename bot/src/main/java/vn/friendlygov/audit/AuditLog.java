package vn.friendlygov.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit log: every change an official makes and every message an official sends. A record is
 * written in the caller's transaction, so it exists exactly when the change it describes does.
 *
 * <p>Usage: {@code audit.record(me.username(), t.getUnitId(), "ticket.status", t.getCode(),
 * audit.json("status", "NEW"), audit.json("status", "IN_PROGRESS", "reason", reason))}.
 */
@Singleton
public class AuditLog {
    /** The actor of what the service does by itself (schedules, start-up). */
    public static final String SYSTEM = "system";
    /** Longer before/after values are cut: the log says what changed, it is not a copy of the data. */
    static final int MAX_JSON = 16000;
    /** A text value (an answer, a reason) is kept up to this length, so the JSON stays whole. */
    static final int MAX_VALUE = 4000;

    private final JdbcOperations jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public AuditLog(JdbcOperations jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records one change or message. {@code actor}: the official's username (or {@link #SYSTEM});
     * {@code unitId}: the unit whose data changed (null: deployment-wide, seen by administrators
     * only); {@code action}: a dotted name such as "ticket.reply", "official.update";
     * {@code target}: what it acted on (a case code, a username); {@code before}/{@code after}:
     * short JSON, e.g. from {@link #json(Object...)}.
     */
    @Transactional
    public void record(String actor, @Nullable Long unitId, String action, String target, @Nullable String before,
                       @Nullable String after) {
        Instant now = clock.instant();
        jdbc.prepareStatement("INSERT INTO audit_log (created_at, actor, unit_id, action, target, before_json, after_json) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, clip(actor, 200));
            if (unitId == null) {
                ps.setNull(3, Types.BIGINT);
            } else {
                ps.setLong(3, unitId);
            }
            ps.setString(4, clip(action, 64));
            ps.setString(5, clip(target, 300));
            ps.setString(6, clip(before, MAX_JSON));
            ps.setString(7, clip(after, MAX_JSON));
            return ps.executeUpdate();
        });
    }

    /** A short JSON object from alternating keys and values (values may be null): {@code json("status", "NEW")}. */
    public String json(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values come in pairs");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            m.put(String.valueOf(keysAndValues[i]), v instanceof String str ? clip(str, MAX_VALUE) : v);
        }
        return json(m);
    }

    /** A short JSON object from a map (values: strings, numbers, booleans, lists, maps, null). */
    public String json(Map<String, ?> values) {
        try {
            return json.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One page of the log, newest first; null bounds are open; {@code unitId} null means every unit. */
    @Transactional(readOnly = true)
    public Page find(@Nullable Long unitId, @Nullable Instant from, @Nullable Instant to, int page, int size) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (unitId != null) {
            where.append(" AND unit_id = ?");
            args.add(unitId);
        }
        if (from != null) {
            where.append(" AND created_at >= ?");
            args.add(Timestamp.from(from));
        }
        if (to != null) {
            where.append(" AND created_at < ?");
            args.add(Timestamp.from(to));
        }
        long total = jdbc.prepareStatement("SELECT COUNT(*) FROM audit_log" + where, ps -> {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
        List<AuditEntry> items = jdbc.prepareStatement("SELECT id, created_at, actor, unit_id, action, target, before_json, "
                + "after_json FROM audit_log" + where + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?", ps -> {
            bind(ps, args);
            ps.setInt(args.size() + 1, size);
            ps.setLong(args.size() + 2, (long) page * size);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long u = rs.getLong(4);
                    Long unit = rs.wasNull() ? null : u;
                    out.add(new AuditEntry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), unit,
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                }
            }
            return out;
        });
        return new Page(items, total);
    }

    public record Page(List<AuditEntry> items, long total) {
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws java.sql.SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setObject(i + 1, args.get(i));
        }
    }

    private static String clip(@Nullable String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
