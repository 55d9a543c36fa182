package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A unit's complaint policy edited in the console: the deadline of each category (table
 * {@code unit_category_deadline}) and the reminder and escalation delays ({@code unit_ticket_policy});
 * what a unit did not set falls back to configuration ({@code tickets.*}, the categories' deadlines).
 * Read from the database for every case (two indexed look-ups), so an edit counts from the next case.
 */
@Singleton
public class TicketPolicy {
    /** The three delays in working days, each as set for the unit or configuration's. */
    public record Delays(int reminderLead, int leaderAfter, int chairmanAfter) {
    }

    private final JdbcOperations jdbc;
    private final TicketSettings settings;

    public TicketPolicy(JdbcOperations jdbc, TicketSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** The unit's own deadline for a category, if it set one. */
    @Transactional(readOnly = true)
    public Optional<Deadline> deadline(long unitId, String category) {
        return Optional.ofNullable(jdbc.prepareStatement("SELECT deadline FROM unit_category_deadline WHERE unit_id = ? AND category = ?", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, category);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Deadline.parse(rs.getString(1)) : null;
            }
        }));
    }

    /** Every category deadline the unit set. */
    @Transactional(readOnly = true)
    public Map<String, Deadline> deadlines(long unitId) {
        return jdbc.prepareStatement("SELECT category, deadline FROM unit_category_deadline WHERE unit_id = ?", ps -> {
            ps.setLong(1, unitId);
            Map<String, Deadline> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), Deadline.parse(rs.getString(2)));
                }
            }
            return out;
        });
    }

    @Transactional(readOnly = true)
    public Delays delays(long unitId) {
        Integer[] set = jdbc.prepareStatement("SELECT reminder_lead_working_days, leader_after_working_days, chairman_after_working_days "
                + "FROM unit_ticket_policy WHERE unit_id = ?", ps -> {
            ps.setLong(1, unitId);
            try (ResultSet rs = ps.executeQuery()) {
                Integer[] v = new Integer[3];
                if (rs.next()) {
                    for (int i = 0; i < 3; i++) {
                        int x = rs.getInt(i + 1);
                        v[i] = rs.wasNull() ? null : x;
                    }
                }
                return v;
            }
        });
        return new Delays(or(set[0], settings.getReminderLeadWorkingDays()), or(set[1], settings.getEscalation().getLeaderAfterWorkingDays()),
                or(set[2], settings.getEscalation().getChairmanAfterWorkingDays()));
    }

    /** Sets (or, with null, removes) the unit's deadline of a category. */
    @Transactional
    public void setDeadline(long unitId, String category, @Nullable Deadline deadline, Instant now) {
        jdbc.prepareStatement("DELETE FROM unit_category_deadline WHERE unit_id = ? AND category = ?", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, category);
            return ps.executeUpdate();
        });
        if (deadline != null) {
            jdbc.prepareStatement("INSERT INTO unit_category_deadline (unit_id, category, deadline, updated_at) VALUES (?, ?, ?, ?)", ps -> {
                ps.setLong(1, unitId);
                ps.setString(2, category);
                ps.setString(3, deadline.amount() + " " + deadline.unit().name());
                ps.setTimestamp(4, Timestamp.from(now));
                return ps.executeUpdate();
            });
        }
    }

    @Transactional
    public void setDelays(long unitId, Delays d, Instant now) {
        jdbc.prepareStatement("DELETE FROM unit_ticket_policy WHERE unit_id = ?", ps -> {
            ps.setLong(1, unitId);
            return ps.executeUpdate();
        });
        jdbc.prepareStatement("INSERT INTO unit_ticket_policy (unit_id, reminder_lead_working_days, leader_after_working_days, "
                + "chairman_after_working_days, updated_at) VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, unitId);
            ps.setInt(2, d.reminderLead());
            ps.setInt(3, d.leaderAfter());
            ps.setInt(4, d.chairmanAfter());
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate();
        });
    }

    private static int or(@Nullable Integer set, int configured) {
        return set == null ? configured : set;
    }
}
