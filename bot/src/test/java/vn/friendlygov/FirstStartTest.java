package vn.friendlygov;

import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A unit that appears in configuration for the first time (a new deployment, a fresh database, or a
 * unit added to the configuration) is created at start-up together with its Zalo token pair, whatever
 * order the start-up listeners run in.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FirstStartTest implements TestPropertyProvider {
    static final String CODE = "xa-" + UUID.randomUUID().toString().substring(0, 8);

    @Inject
    DataSource dataSource;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("units." + CODE + ".name", "Xã Mới",
                "units." + CODE + ".zalo.oa-id", "9" + System.nanoTime(),
                "units." + CODE + ".zalo.access-token", "first-access",
                "units." + CODE + ".zalo.refresh-token", "first-refresh");
    }

    private static void assertSeeded(Db db, String code) {
        assertEquals(1, db.count("SELECT COUNT(*) FROM unit WHERE code = ?", code));
        assertEquals("first-access", db.one("SELECT t.access_token FROM channel_token t JOIN unit u ON u.id = t.unit_id "
                + "WHERE u.code = ? AND t.channel = 'zalo'", code), "Zalo tokens of " + code);
        assertEquals("first-refresh", db.one("SELECT t.refresh_token FROM channel_token t JOIN unit u ON u.id = t.unit_id "
                + "WHERE u.code = ? AND t.channel = 'zalo'", code));
    }

    @Test
    void aUnitNewToTheDatabaseGetsItsZaloTokens() {
        assertSeeded(new Db(dataSource), CODE);
    }

    @Test
    void theVeryFirstStartOnAnEmptyEmbeddedDatabase() {
        Map<String, Object> p = new HashMap<>();
        p.put("datasources.default.url", "jdbc:h2:mem:first" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1;MODE=MySQL;DATABASE_TO_LOWER=TRUE;CASE_INSENSITIVE_IDENTIFIERS=TRUE;NON_KEYWORDS=VALUE,KEY,YEAR,MONTH,DAY");
        p.put("datasources.default.driver-class-name", "org.h2.Driver");
        p.put("datasources.default.username", "sa");
        p.put("datasources.default.password", "");
        p.put("units.xa-moi.name", "Xã Mới");
        p.put("units.xa-moi.zalo.oa-id", "100200300");
        p.put("units.xa-moi.zalo.access-token", "first-access");
        p.put("units.xa-moi.zalo.refresh-token", "first-refresh");
        try (ApplicationContext ctx = ApplicationContext.run(p, "test")) {
            Db db = new Db(ctx.getBean(DataSource.class));
            assertEquals(1, db.count("SELECT COUNT(*) FROM unit WHERE code = 'mau'"), "the default unit");
            assertSeeded(db, "xa-moi");
        }
    }
}
