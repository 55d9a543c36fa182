package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.io.Writable;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.ticket.TicketService;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The cases of a period as CSV, one row per case, streamed row by row from the database.
 * UTF-8 with a byte-order mark: Excel (what communes open it with) reads a CSV without one in the
 * local ANSI code page and garbles Vietnamese diacritics. Cells starting with = + - @ (or tab/CR)
 * are prefixed with ' so a spreadsheet shows them as text rather than running them as formulas.
 */
@Singleton
public class TicketExport {
    static final List<String> HEADER = List.of("code", "unit", "category", "area", "status", "created", "due",
            "answered", "closed", "onTime", "rating");

    private final DataSource ds;

    public TicketExport(DataSource ds) {
        // The rows are written after the controller returns, outside any transaction: plain connections.
        this.ds = DelegatingDataSource.unwrapDataSource(ds);
    }

    public Writable csv(@Nullable Long unitId, LocalDate from, LocalDate to, Instant now) {
        return out -> write(out, unitId, from, to, now);
    }

    void write(Writer out, @Nullable Long unitId, LocalDate from, LocalDate to, Instant now) throws IOException {
        out.write('\uFEFF');
        line(out, HEADER);
        String sql = "SELECT t.code, un.code, t.category, t.area, t.status, t.created_at, t.due_at, t.answered_at, "
                + "(SELECT MAX(e.created_at) FROM ticket_event e WHERE e.ticket_id = t.id AND e.to_status = 'CLOSED'), t.rating "
                + "FROM ticket t JOIN unit un ON un.id = t.unit_id WHERE t.created_at >= ? AND t.created_at < ?"
                + (unitId == null ? "" : " AND t.unit_id = ?") + " ORDER BY t.created_at, t.id";
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql,
                ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            if (c.getMetaData().getDriverName().toLowerCase().contains("mysql")) {
                ps.setFetchSize(Integer.MIN_VALUE); // Connector/J: stream rows instead of buffering the whole result
            }
            ps.setTimestamp(1, StatsQueries.startOf(from));
            ps.setTimestamp(2, StatsQueries.startOf(to.plusDays(1)));
            if (unitId != null) {
                ps.setLong(3, unitId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Instant created = instant(rs.getTimestamp(6));
                    Instant due = instant(rs.getTimestamp(7));
                    Instant answered = instant(rs.getTimestamp(8));
                    String status = rs.getString(5);
                    line(out, List.of(rs.getString(1), rs.getString(2), rs.getString(3), nz(rs.getString(4)), status,
                            time(created), time(due), time(answered), time(instant(rs.getTimestamp(9))),
                            onTime(status, due, answered, now), rating(rs.getString(10))));
                }
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("export failed", e));
        }
        out.flush();
    }

    /** "có"/"không" once known; empty while open and not yet due, or closed without an answer. */
    static String onTime(String status, Instant due, @Nullable Instant answered, Instant now) {
        if (answered != null) {
            return answered.isAfter(due) ? "không" : "có";
        }
        boolean open = List.of("NEW", "ASSIGNED", "IN_PROGRESS").contains(status);
        return open && now.isAfter(due) ? "không" : "";
    }

    static String rating(@Nullable String r) {
        if (r == null) {
            return "";
        }
        return switch (r) {
            case TicketService.HAI_LONG -> "hài lòng";
            case TicketService.BINH_THUONG -> "bình thường";
            case TicketService.KHONG_HAI_LONG -> "không hài lòng";
            default -> r;
        };
    }

    private static void line(Writer out, List<String> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(cells.get(i)));
        }
        out.write("\r\n");
    }

    /** RFC 4180 quoting, after neutralising formula starts (OWASP CSV injection). */
    static String cell(String v) {
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }

    private static String nz(@Nullable String s) {
        return s == null ? "" : s;
    }

    private static Instant instant(@Nullable Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String time(@Nullable Instant i) {
        return i == null ? "" : OfficeHours.iso(i);
    }
}
