package vn.friendlygov.db;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.data.jdbc.runtime.JdbcOperations;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;

/**
 * One statement for many rows, in the current transaction. With Connector/J's
 * {@code rewriteBatchedStatements=true} an insert batch travels as one multi-row insert: one round
 * trip instead of one per row (Micronaut Data's saveAll inserts row by row when the id is generated).
 */
public final class JdbcBatch {

    /** Sets one row's parameters. */
    @FunctionalInterface
    public interface Binder<T> {
        void bind(PreparedStatement ps, T row) throws SQLException;
    }

    private JdbcBatch() {
    }

    public static <T> void run(JdbcOperations jdbc, String sql, Collection<T> rows, Binder<T> binder) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.prepareStatement(sql, ps -> {
            try {
                for (T row : rows) {
                    binder.bind(ps, row);
                    ps.addBatch();
                }
                return ps.executeBatch();
            } catch (SQLException e) {
                throw new DataAccessException("Batch failed (" + sql.substring(0, Math.min(40, sql.length())) + "…): "
                        + e.getMessage(), e);
            }
        });
    }
}
