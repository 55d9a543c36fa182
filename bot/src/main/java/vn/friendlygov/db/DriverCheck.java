package vn.friendlygov.db;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * MySQL Connector/J reads MariaDB 10.x's version as "5.5.5-…" (the prefix MariaDB sends for old
 * clients), takes it for MySQL 5.5 and sends every timestamp without its milliseconds: a send
 * deferred to the next tenth of a second was stored as the current second, due again at once (the
 * campaign run churned its backlog that way). Said loudly at start-up; MariaDB's driver
 * (a jdbc:mariadb: URL) keeps them.
 */
@Singleton
class DriverCheck {
    private static final Logger LOG = LoggerFactory.getLogger(DriverCheck.class);
    private final DataSource dataSource;

    DriverCheck(DataSource dataSource) {
        // The injected one joins a caller's transaction; there is none at start-up.
        this.dataSource = io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource);
    }

    @EventListener
    void check(StartupEvent event) {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            if (dropsMilliseconds(meta.getDriverName(), meta.getDatabaseProductVersion())) {
                LOG.error("MySQL Connector/J against MariaDB 10.x drops the milliseconds of every timestamp: use a jdbc:mariadb:// URL "
                        + "(MariaDB's driver is included; README, database)");
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Could not check the database driver: {}", e.getMessage());
        }
    }

    static boolean dropsMilliseconds(String driverName, String serverVersion) {
        return driverName != null && driverName.startsWith("MySQL Connector")
                && serverVersion != null && serverVersion.startsWith("5.5.5-") && serverVersion.contains("MariaDB");
    }
}
