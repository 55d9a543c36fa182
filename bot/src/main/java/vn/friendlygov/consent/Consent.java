package vn.friendlygov.consent;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.Channels;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * A resident's consent to greetings and letters (personal campaign messages and letters; answers to
 * their own questions are never blocked). The current state lives in {@code follower.opted_out}, which
 * every personal send checks through {@link #isOptedOut}; each change is kept with its source in
 * {@code consent_event}. Runs inside the caller's transaction.
 */
@Singleton
public class Consent {
    /** Where a change came from. */
    public static final String KEYWORD = "keyword";            // "hủy nhận tin" / "STOP" / "đăng ký nhận tin"
    public static final String CONVERSATION = "conversation";  // the dialogue understood an opt-out request
    public static final String ZALO_UNFOLLOW = "zalo_unfollow";
    public static final String ZALO_REFOLLOW = "zalo_refollow";
    public static final String PLATFORM_ERROR = "platform_error"; // e.g. Zalo -244: the user refuses messages

    // Upsert: the very first message of a resident may be the opt-out, before any follower row exists.
    private static final String UPSERT = "INSERT INTO follower (unit_id, channel, user_id, following, opted_out, "
            + "last_interaction_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE opted_out = VALUES(opted_out), updated_at = VALUES(updated_at)";
    private static final String EVENT = "INSERT INTO consent_event (unit_id, channel, user_id, opted_out, source, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?)";

    private final JdbcOperations jdbc;

    public Consent(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    public void optOut(long unitId, String channel, String userId, String source, Instant now) {
        record(unitId, channel, userId, true, source, now);
    }

    public void optIn(long unitId, String channel, String userId, String source, Instant now) {
        record(unitId, channel, userId, false, source, now);
    }

    /** A keyword's change either way: {@code optedOut} true for "hủy nhận tin", false for "đăng ký nhận tin". */
    public void set(long unitId, String channel, String userId, boolean optedOut, String source, Instant now) {
        record(unitId, channel, userId, optedOut, source, now);
    }

    /** The state every personal campaign message and letter is checked against. Unknown residents have not opted out. */
    public boolean isOptedOut(long unitId, String channel, String userId) {
        return jdbc.prepareStatement("SELECT opted_out FROM follower WHERE unit_id = ? AND channel = ? AND user_id = ?", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, channel);
            ps.setString(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** The source of the latest change, or null. */
    public String lastSource(long unitId, String channel, String userId) {
        return jdbc.prepareStatement("SELECT source FROM consent_event WHERE unit_id = ? AND channel = ? AND user_id = ? "
                + "ORDER BY id DESC LIMIT 1", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, channel);
            ps.setString(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        });
    }

    private void record(long unitId, String channel, String userId, boolean optedOut, String source, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.prepareStatement(UPSERT, ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, channel);
            ps.setString(3, userId);
            ps.setBoolean(4, Channels.MESSENGER.equals(channel));  // Messenger has no follow event, as in InboxProcessor
            ps.setBoolean(5, optedOut);
            ps.setTimestamp(6, at);
            ps.setTimestamp(7, at);
            return ps.executeUpdate();
        });
        jdbc.prepareStatement(EVENT, ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, channel);
            ps.setString(3, userId);
            ps.setBoolean(4, optedOut);
            ps.setString(5, source);
            ps.setTimestamp(6, at);
            return ps.executeUpdate();
        });
    }
}
