package vn.friendlygov.template;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.audit.AuditLog;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Templates edited by officials (table {@code template_revision}, append-only): the newest row of a
 * (unit, name) pair is the text in use, over the file in templates/. {@code unitCode} null: the
 * deployment-wide text.
 */
@Singleton
public class TemplateRevisions {
    /** One saved version. */
    public record Revision(long id, @Nullable String unitCode, String name, String source, String author, Instant at) {
    }

    private final JdbcOperations jdbc;
    private final AuditLog audit;

    public TemplateRevisions(JdbcOperations jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** The newest id: another instance's edit shows as a change of it. */
    @Transactional(readOnly = true)
    public long newestId() {
        return jdbc.prepareStatement("SELECT COALESCE(MAX(id), 0) FROM template_revision", ps -> {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The version in use of every edited (unit, name). */
    @Transactional(readOnly = true)
    public List<Revision> current() {
        return jdbc.prepareStatement("SELECT r.id, u.code, r.name, r.source, r.author, r.created_at FROM template_revision r "
                + "JOIN (SELECT MAX(id) AS id FROM template_revision GROUP BY name, unit_id) n ON n.id = r.id "
                + "LEFT JOIN unit u ON u.id = r.unit_id ORDER BY r.id", ps -> {
            List<Revision> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Revision(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        });
    }

    /** Stores a new version with its audit record (before/after), in one transaction. */
    @Transactional
    public void save(@Nullable Long unitId, String name, String before, String source, String author, Instant now) {
        jdbc.prepareStatement("INSERT INTO template_revision (unit_id, name, source, author, created_at) VALUES (?, ?, ?, ?, ?)", ps -> {
            if (unitId == null) {
                ps.setNull(1, Types.BIGINT);
            } else {
                ps.setLong(1, unitId);
            }
            ps.setString(2, name);
            ps.setString(3, source);
            ps.setString(4, author);
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate();
        });
        audit.record(author, unitId, "template.update", name, audit.json("source", before), audit.json("source", source));
    }
}
