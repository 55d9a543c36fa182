package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;
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
    /** Rows of a split or a list on the dashboard. */
    static final int LIST_LIMIT = 100;
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
        return figures(unitId, unitCode, from, to, now, unanswered(unitId, from, to));
    }

    private StatsFigures figures(Long unitId, String unitCode, LocalDate from, LocalDate to, Instant now, List<DashboardFigures.UnansweredGroup> groups) {
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

        StatsFigures.Satisfaction satisfaction = satisfaction(u, a, b);

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

        List<StatsFigures.Unanswered> unanswered = groups.stream().map(g -> new StatsFigures.Unanswered(g.text(), g.count())).toList();
        return new StatsFigures(unitCode, from.toString(), to.toString(), tickets, satisfaction, questions, byCategory, byDay, unanswered);
    }

    /** The ratings given in [a, b). */
    private StatsFigures.Satisfaction satisfaction(String u, Timestamp a, Timestamp b) {
        long[] sat = longs("SELECT COUNT(*), SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END), SUM(CASE WHEN t.rating = ? THEN 1 ELSE 0 END) "
                + "FROM ticket t WHERE t.rating IS NOT NULL AND t.rated_at >= ? AND t.rated_at < ?" + u, 4,
                TicketService.HAI_LONG, TicketService.BINH_THUONG, TicketService.KHONG_HAI_LONG, a, b);
        return new StatsFigures.Satisfaction(sat[0], sat[1], sat[2], sat[3], rate(sat[1], sat[0]));
    }

    /** The few figures of the leaders' weekly digest: the period's cases, those overdue now, the ratings. */
    public record Summary(DashboardFigures.Breakdown cases, long overdueNow, StatsFigures.Satisfaction satisfaction) {
    }

    @Transactional(readOnly = true)
    public Summary summary(@Nullable Long unitId, LocalDate from, LocalDate to, Instant now) {
        String u = unitId == null ? "" : " AND t.unit_id = " + unitId;
        return new Summary(all(unitId, from, to, now), overdueNow(u, now), satisfaction(u, startOf(from), startOf(to.plusDays(1))));
    }

    private DashboardFigures.Breakdown all(@Nullable Long unitId, LocalDate from, LocalDate to, Instant now) {
        return breakdown(null, unitId, from, to, now).stream().findFirst().orElse(new DashboardFigures.Breakdown(null, 0, 0, 0, 0, 0));
    }

    private long overdueNow(String u, Instant now) {
        return longs("SELECT COUNT(*) FROM ticket t WHERE t.status IN " + OPEN + " AND t.due_at < ?" + u, 1, Timestamp.from(now))[0];
    }

    /**
     * The dashboard's figures for a period: {@link #figures} and its splits, the cases overdue now
     * (not only those of the period: a case is as late today whenever it was filed), the dissatisfied
     * residents of the period. Every part is one aggregate or LIMITed query.
     */
    @Transactional(readOnly = true)
    public DashboardFigures dashboard(@Nullable Long unitId, @Nullable String unitCode, LocalDate from, LocalDate to, Instant now) {
        List<DashboardFigures.UnansweredGroup> groups = unanswered(unitId, from, to);
        StatsFigures totals = figures(unitId, unitCode, from, to, now, groups);
        String u = unitId == null ? "" : " AND t.unit_id = " + unitId;
        DashboardFigures.Breakdown all = all(unitId, from, to, now);
        Timestamp n = Timestamp.from(now);
        long overdueNow = overdueNow(u, now);
        List<DashboardFigures.OverdueCase> overdue = jdbc.prepareStatement("SELECT t.code, un.code, t.category, t.area, t.status, "
                + "o.full_name, t.department, t.due_at FROM ticket t JOIN unit un ON un.id = t.unit_id "
                + "LEFT JOIN official o ON o.id = t.assignee_id WHERE t.status IN " + OPEN + " AND t.due_at < ?" + u
                + " ORDER BY t.due_at, t.id LIMIT " + LIST_LIMIT, ps -> {
                    bind(ps, n);
                    List<DashboardFigures.OverdueCase> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new DashboardFigures.OverdueCase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                        }
                    }
                    return rows;
                });
        List<DashboardFigures.RatedCase> dissatisfied = jdbc.prepareStatement("SELECT t.code, un.code, t.category, o.full_name, "
                + "t.rating_comment, t.rated_at FROM ticket t JOIN unit un ON un.id = t.unit_id "
                + "LEFT JOIN official o ON o.id = t.assignee_id WHERE t.rating = ? AND t.rated_at >= ? AND t.rated_at < ?" + u
                + " ORDER BY t.rated_at DESC, t.id LIMIT " + LIST_LIMIT, ps -> {
                    bind(ps, TicketService.KHONG_HAI_LONG, startOf(from), startOf(to.plusDays(1)));
                    List<DashboardFigures.RatedCase> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new DashboardFigures.RatedCase(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getString(5), rs.getTimestamp(6).toInstant()));
                        }
                    }
                    return rows;
                });
        return new DashboardFigures(totals, all, breakdown("t.category", unitId, from, to, now), breakdown("t.area", unitId, from, to, now),
                breakdown("o.full_name", unitId, from, to, now), overdueNow, overdue, dissatisfied, groups);
    }

    /**
     * The cases filed or answered in the period, grouped by {@code key} (a column of ticket t or of
     * the assigned official o; null: one row for all), most received first.
     */
    private List<DashboardFigures.Breakdown> breakdown(@Nullable String key, @Nullable Long unitId, LocalDate from, LocalDate to, Instant now) {
        Timestamp a = startOf(from);
        Timestamp b = startOf(to.plusDays(1));
        String received = "t.created_at >= ? AND t.created_at < ?";
        String sql = "SELECT " + (key == null ? "NULL" : key) + ", "
                + "SUM(CASE WHEN " + received + " THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN t.answered_at >= ? AND t.answered_at < ? THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + received + " AND t.answered_at IS NOT NULL THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + received + " AND t.answered_at <= t.due_at THEN 1 ELSE 0 END), "
                + "SUM(CASE WHEN " + received + " AND " + OVERDUE + " THEN 1 ELSE 0 END) "
                + "FROM ticket t LEFT JOIN official o ON o.id = t.assignee_id "
                + "WHERE ((" + received + ") OR (t.answered_at >= ? AND t.answered_at < ?))"
                + (unitId == null ? "" : " AND t.unit_id = " + unitId)
                + (key == null ? "" : " GROUP BY " + key + " ORDER BY 2 DESC, 3 DESC, 1 LIMIT " + LIST_LIMIT);
        return jdbc.prepareStatement(sql, ps -> {
            bind(ps, a, b, a, b, a, b, a, b, a, b, Timestamp.from(now), a, b, a, b);
            List<DashboardFigures.Breakdown> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new DashboardFigures.Breakdown(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                            rs.getLong(6)));
                }
            }
            return rows;
        });
    }

    /** The most frequent questions the bot could not answer, the latest conversation of each, and whether already proposed. */
    private List<DashboardFigures.UnansweredGroup> unanswered(@Nullable Long unitId, LocalDate from, LocalDate to) {
        String cu = unitId == null ? "" : " AND c.unit_id = " + unitId;
        return jdbc.prepareStatement("SELECT g.q, g.k, g.conv, CASE WHEN EXISTS (SELECT 1 FROM kb_suggestion s JOIN conversation sc "
                + "ON sc.id = g.conv WHERE s.unit_id = sc.unit_id AND LOWER(TRIM(s.question)) = g.q) THEN 1 ELSE 0 END FROM ("
                + "SELECT LOWER(TRIM(m.body)) AS q, COUNT(*) AS k, MAX(m.conversation_id) AS conv "
                + "FROM message m JOIN conversation c ON c.id = m.conversation_id "
                + "WHERE m.direction = 'IN' AND m.match_kind = 'fallback' AND m.created_at >= ? AND m.created_at < ?" + cu
                + " GROUP BY LOWER(TRIM(m.body)) ORDER BY k DESC, q LIMIT " + UNANSWERED_LIMIT + ") g ORDER BY g.k DESC, g.q", ps -> {
                    bind(ps, startOf(from), startOf(to.plusDays(1)));
                    List<DashboardFigures.UnansweredGroup> rows = new ArrayList<>();
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new DashboardFigures.UnansweredGroup(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getInt(4) == 1));
                        }
                    }
                    return rows;
                });
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
