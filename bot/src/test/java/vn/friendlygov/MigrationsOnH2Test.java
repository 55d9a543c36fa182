package vn.friendlygov;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same MySQL-syntax migrations run on the embedded H2 database a first run uses (DESIGN.md "Data"). */
class MigrationsOnH2Test {

    @Test
    void allMigrationsApplyOnH2() throws Exception {
        String url = "jdbc:h2:mem:mig" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY";
        Flyway flyway = Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load();
        int available = flyway.info().all().length;
        assertTrue(available >= 2, "migrations found: " + available);

        MigrateResult result = flyway.migrate();
        assertTrue(result.success, "migrate failed: " + result.warnings);
        assertEquals(available, result.migrationsExecuted, "every migration ran");

        List<String> notApplied = new ArrayList<>();
        for (MigrationInfo m : flyway.info().all()) {
            if (m.getState() != MigrationState.SUCCESS) {
                notApplied.add(m.getVersion() + " " + m.getDescription() + ": " + m.getState());
            }
        }
        assertEquals(List.of(), notApplied, "all migrations applied, none failed or pending");
        assertEquals(0, flyway.info().pending().length);

        Set<String> tables = new HashSet<>();
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[]{"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        for (String t : List.of("unit", "conversation", "message", "inbox_event", "outbox", "follower", "official")) {
            assertTrue(tables.contains(t), "table " + t + " missing; have " + tables);
        }
        // Running again changes nothing.
        assertEquals(0, flyway.migrate().migrationsExecuted);
    }
}
