package vn.friendlygov.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's run command uses application.yml's embedded H2 URL as it stands (no test
 * environment): every placeholder must resolve, and H2 must accept the path it gives.
 */
class DefaultDatabaseUrlTest {

    private static String url(Map<String, Object> properties) {
        try (ApplicationContext ctx = ApplicationContext.builder().deduceEnvironment(false).properties(properties).build()) {
            Environment env = ctx.getEnvironment().start();
            return env.getRequiredProperty("datasources.default.url", String.class);
        }
    }

    @Test
    void theDefaultIsAFileUnderTheUsersHome() {
        String url = url(Map.of());
        assertFalse(url.contains("${"), url);
        assertTrue(url.startsWith("jdbc:h2:file:~/.friendlygov/friendlygov;"), url);
    }

    @Test
    void aDataDirectoryIsAPathH2Opens(@TempDir Path dir) throws Exception {
        String url = url(Map.of("bot.data-dir", dir.toString()));
        assertTrue(url.startsWith("jdbc:h2:file:" + dir + "/friendlygov;"), url);
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            assertEquals("friendlygov", c.getCatalog().toLowerCase());
        }
    }
}
