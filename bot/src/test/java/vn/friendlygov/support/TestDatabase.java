package vn.friendlygov.support;

/**
 * The test database's URL, for the tests that reach the server around the application's data source
 * (a proxy in front of it). Keep the default the same as application-test.yml's.
 */
public final class TestDatabase {
    /** MariaDB's own driver: MySQL Connector/J drops milliseconds against MariaDB 10.x (README, database). */
    public static final String URL = System.getenv().getOrDefault("TEST_DATABASE_URL",
            "jdbc:mariadb://127.0.0.1:3306/friendlygov_test?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true"
                    + "&useBulkStmts=true&cachePrepStmts=true&prepStmtCacheSize=250");

    private TestDatabase() {
    }
}
