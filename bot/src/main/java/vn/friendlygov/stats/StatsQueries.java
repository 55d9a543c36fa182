package vn.friendlygov.stats;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.ticket.TicketService;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The figures, each one aggregate query (GROUP BY in the database; cases are never loaded one by one).
 * A period is whole local days (Asia/Ho_Chi_Minh) from..to inclusive; unit null means every unit.
 */
@Singleton
public class StatsQueries {
    static final int UNANSWERED_LIMIT = 20;
    // Open statuses (TicketStatus.isOpen): a case still waiting for an answer.
    static final String OPEN = "('NEW','ASSIGNED','IN_PROGRESS')";
    // Overdue as TicketService.overdue: open past due, or answered after due.
    static final String OVERDUE = "((t.status IN " + OPEN + " AND t.due_at < ?) OR (t.answered_at IS NOT NULL AND t.answered_at > t.due_at))";

    private final JdbcOperations jdbc;

    public StatsQueries(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** Start of the local day, as the UTC instant stored in DATETIME columns. */
    static Timestamp startOf(LocalDate d) {
        return Timestamp.from(d.atStartOfDay(OfficeHours.ZONE).toInstant());
    }

    @Transactional(readOnly = true)
    public StatsFigures figures(Long unitId, String unitCode, LocalDate from, LocalDate to, Instant now) {
        Timestamp a = startOf(from);
        Timestamp b = startOf(to.plusDays(1));
        Timestamp n = Timestamp.from(now);
        String u = unitId == null ? "" : " AND t.unit_id = " + unitId;

        long[] tk = longs("SELECT COUNT(*), SUM(CASE WHEN " + OVERDUE + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN t.answered_at IS NOT NULL THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN t.answered_at IS NOT NULL AND t.answered_at <= t.due_at THEN 1 ELSE 0 END) "
                + "FROM ticket t WHERE t.created_at >= ? AND t.created_at < ?" + u, 4, n, a, b);
        long resolved = longs("SELECT COUNT(*) FROM ticket t WHERE t.answered_at >= ? AND t.answered_at < ?" + u, 1, a, b)[0];
        StatsFigures.Tickets tickets = new StatsFigures.Tickets(tk[0], resolved, tk[1], rate(tk[3], tk[2]));

        long[] sat = longs("SELECT COUNT(*), SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END), SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END) "
                + "FROM ticket t WHERE t.rating IS NOT NULL AND t.rated_at >= ? AND t.rated_at < ?" + u, 4,
                TicketService.HAI_LONG, TicketService.BINH_THUONG, TicketService.KHONG_HAI_LONG, a, b);
        StatsFigures.Satisfaction satisfaction = new StatsFigures.Satisfaction(sat[0], sat[1], sat[2], sat[3], rate(sat[1], sat[0]));

        String cu = unitId == null ? "" : " AND c.unit_id = " + unitId;
        // A clarifying question is the one bot reply offering "Không phải" (DialogueEngine's CLARIFY band),
        // stored at the same instant as the resident's message it answers.
        long[] q = longs("SELECT COUNT(*), "
                + "SUM(CASE WHEN m.match_kind IN ('procedure','info') AND NOT EXISTS (" + CLARIFY + ") THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN m.match_kind IN ('procedure','info') AND EXISTS (" + CLARIFY + ") THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN m.match_kind = 'fallback' THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN m.match_kind = 'action' AND m.match_id = 'gap-can-bo' THEN 1 ELSE 0 END) "
                + "FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE m.direction = 'IN' AND m.created_at >= ? AND m.created_at < ?" + cu, 5, a, b);
        StatsFigures.Questions questions = new StatsFigures.Questions(q[0], q[1], q[2], q[3], q[4]);

        List<StatsFigures.CategoryRow> byCategory = jdbc.prepareStatement("SELECT t.category, COUNT(*), "
                + "SUM(CASE WHEN " + OVERDUE + " THEN 1 ELSE 0 END) FROM ticket t "
                + "WHERE t.created_at >= ? AND t.created_at < ?" + u + " GROUP BY t.category ORDER BY COUNT(*) DESC, t.category",
                ps -> {
                    bind(ps, n, a, b);
                    List<StatsFigures.CategoryRow> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new StatsFigures.CategoryRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
                        }
                    }
                    return rows;
                });

        // Per local day: the stored instants are UTC, the day is Vietnam's (UTC+7, no daylight saving).
        TreeMap<String, long[]> days = new TreeMap<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            days.put(d.toString(), new long[2]);
        }
        perDay("created_at", u, a, b, days, 0);
        perDay("answered_at", u, a, b, days, 1);
        List<StatsFigures.DayRow> byDay = days.entrySet().stream()
                .map(e -> new StatsFigures.DayRow(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();

        List<StatsFigures.Unanswered> unanswered = jdbc.prepareStatement("SELECT LOWER(TRIM(m.body)) AS q, COUNT(*) AS k "
                + "FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE m.direction = 'IN' AND m.match_kind = 'fallback' AND m.created_at >= ? AND m.created_at < ?" + cu
                + " GROUP BY LOWER(TRIM(m.body)) ORDER BY k DESC, q LIMIT " + UNANSWERED_LIMIT, ps -> {
                    bind(ps, a, b);
                    List<StatsFigures.Unanswered> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new StatsFigures.Unanswered(rs.getString(1), rs.getLong(2)));
                        }
                    }
                    return rows;
                });
        return new StatsFigures(unitCode, from.toString(), to.toString(), tickets, satisfaction, questions, byCategory, byDay, unanswered);
    }

    static final String CLARIFY = "SELECT 1 FROM message o WHERE o.conversation_id = m.conversation_id AND o.direction = 'OUT' "
            + "AND o.created_at = m.created_at AND o.quick_replies LIKE '%\"Không phải\"%'";

    private void perDay(String column, String u, Timestamp a, Timestamp b, TreeMap<String, long[]> days, int slot) {
        // DATE(col + 7 hours) is portable across MariaDB, MySQL and H2 (MODE=MySQL).
        jdbc.prepareStatement("SELECT DATE(DATE_ADD(t." + column + ", INTERVAL 7 HOUR)) AS d, COUNT(*) FROM ticket t WHERE t."
                + column + " >= ? AND t." + column + " < ?" + u + " GROUP BY DATE(DATE_ADD(t." + column + ", INTERVAL 7 HOUR))", ps -> {
            bind(ps, a, b);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long[] row = days.get(rs.getDate(1).toLocalDate().toString());
                    if (row != null) {
                        row[slot] = rs.getLong(2);
                    }
                }
            }
            return null;
        });
    }

    private long[] longs(String sql, int columns, Object... args) {
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, args);
            long[] out = new long[columns];
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    for (int i = 0; i < columns; i++) {
                        out[i] = rs.getLong(i + 1);
                    }
                }
            }
            return out;
        });
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    static double rate(long part, long whole) {
        return whole == 0 ? 0 : Math.round(part * 10000.0 / whole) / 10000.0;
    }
}
