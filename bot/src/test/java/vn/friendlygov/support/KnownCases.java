package vn.friendlygov.support;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * Cases, conversations and messages written straight into the database with chosen instants, for
 * tests that check figures against a known set (on time, late, open past due, rated).
 */
public final class KnownCases {
    private final Db db;

    public KnownCases(Db db) {
        this.db = db;
    }

    /** A web conversation of the unit; returns its id. */
    public long conversation(long unit, String user) {
        db.update("INSERT INTO conversation (unit_id, channel, channel_user_id, status, last_message_at, created_at) "
                + "VALUES (?, 'web', ?, 'BOT', ?, ?)", unit, user, ts("2020-03-01T00:00:00Z"), ts("2020-03-01T00:00:00Z"));
        return db.count("SELECT id FROM conversation WHERE unit_id = ? AND channel_user_id = ?", unit, user);
    }

    /** A case; a CLOSED one gets its closing event at the answer's instant, a rated one is rated then too. */
    public void ticket(long unit, long conv, String code, String category, String area, String status, String created, String due,
                       String answered, String rating, String comment) {
        db.update("INSERT INTO ticket (unit_id, code, kind, category, area, description, conversation_id, channel, channel_user_id, "
                        + "status, due_at, answered_at, rating, rating_comment, rated_at, created_at, updated_at) "
                        + "VALUES (?, ?, 'PHAN_ANH', ?, ?, 'Mô tả', ?, 'web', 'stats-mau', ?, ?, ?, ?, ?, ?, ?, ?)",
                unit, code, category, area, conv, status, ts(due), ts(answered), rating, comment,
                rating == null ? null : ts(answered), ts(created), ts(created));
        if ("CLOSED".equals(status)) {
            db.update("INSERT INTO ticket_event (ticket_id, type, from_status, to_status, actor, created_at) "
                    + "SELECT id, 'RATED', 'ANSWERED', 'CLOSED', 'resident', ? FROM ticket WHERE code = ?", ts(answered), code);
        }
    }

    /** The case held by that official. */
    public void assign(String code, String username) {
        db.update("UPDATE ticket SET assignee_id = (SELECT id FROM official WHERE username = ?) WHERE code = ?", username, code);
    }

    public void message(long conv, String dir, String body, String kind, String id, String quick, String at) {
        db.update("INSERT INTO message (conversation_id, direction, body, quick_replies, match_kind, match_id, confidence, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, NULL, ?)", conv, dir, body, quick, kind, id, ts(at));
    }

    /** Removes what an earlier run left: cases whose code starts with the prefix, conversations whose user does. */
    public void clear(String codePrefix, String userPrefix) {
        db.update("DELETE e FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id WHERE t.code LIKE ?", codePrefix + "%");
        db.update("DELETE FROM ticket WHERE code LIKE ?", codePrefix + "%");
        db.update("DELETE m FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.channel_user_id LIKE ?", userPrefix + "%");
        db.update("DELETE FROM conversation WHERE channel_user_id LIKE ?", userPrefix + "%");
    }

    public static Timestamp ts(String iso) {
        return iso == null ? null : Timestamp.from(Instant.parse(iso));
    }
}
