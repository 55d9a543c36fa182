package vn.friendlygov.support;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Plain JDBC for test assertions and set-up, over the application's own data source. */
public final class Db {
    private final DataSource ds;

    public Db(DataSource ds) {
        // The injected data source joins the caller's transaction; tests want plain connections.
        this.ds = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(ds);
    }

    public long count(String sql, Object... args) {
        String v = one(sql, args);
        return v == null ? 0 : Long.parseLong(v);
    }

    /** A named column of the first row (EXPLAIN's "key", say). */
    public String column(String sql, String column) {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(column) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String one(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int update(String sql, Object... args) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            int n = ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ends the unfinished outbox rows earlier test classes left behind: their fake platforms are gone,
     * and with a retry budget of hours this class's dispatcher would keep retrying them before its own.
     */
    public void settleOutboxLeftovers() {
        update("UPDATE outbox SET status = 'FAILED', failure_reason = 'left by an earlier test class' WHERE status = 'PENDING'");
    }
}
