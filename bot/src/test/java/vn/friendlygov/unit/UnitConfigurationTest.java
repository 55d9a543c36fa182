package vn.friendlygov.unit;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import org.junit.jupiter.api.Test;
import vn.friendlygov.support.Db;

import javax.sql.DataSource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Units as an operator configures them: through environment variables, read by Micronaut's own
 * environment-variable convention (every dotted and hyphenated reading of UNITS_VINH_BAO_NAME), and
 * with a clear refusal when two units claim one page or OA.
 */
class UnitConfigurationTest {

    private static String fresh() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /**
     * The variables as the process environment would hold them: read with Micronaut's environment-variable
     * convention (as its EnvironmentPropertySource reads System.getenv()), plus what the service-loaded
     * {@link UnitsFromEnvironment} derives from them (it reads System.getenv() in production).
     */
    private static ApplicationContext start(Map<String, Object> environmentVariables, Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        // No background senders: a context of this test must never take another test's outbox rows.
        all.put("outbox.dispatcher.enabled", "false");
        all.put("tickets.scheduler.enabled", "false");
        ApplicationContext ctx = ApplicationContext.builder()
                .environments("test")
                .properties(all)
                .propertySources(PropertySource.of("env-under-test", environmentVariables,
                                PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE, EnvironmentPropertySource.ORIGIN),
                        UnitsFromEnvironment.propertySource(environmentVariables))
                .build();
        try {
            return ctx.start();
        } catch (RuntimeException e) {
            ctx.close();   // a failed start leaves its beans running otherwise
            throw e;
        }
    }

    @Test
    void theEnvironmentUnitsLoaderIsRegisteredForEveryApplicationContext() {
        assertTrue(ServiceLoader.load(PropertySourceLoader.class).stream().anyMatch(p -> p.type() == UnitsFromEnvironment.class));
        try (ApplicationContext ctx = ApplicationContext.builder().environments("test").build()) {
            assertTrue(ctx.getEnvironment().getPropertySourceLoaders().stream().anyMatch(UnitsFromEnvironment.class::isInstance));
        }
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    @Test
    void aUnitWithAHyphenatedCodeSetThroughEnvironmentVariablesStartsUnderThatCode() {
        String suffix = fresh();
        String code = "vinh-bao-" + suffix;
        String env = "UNITS_VINH_BAO_" + suffix.toUpperCase(Locale.ROOT) + "_";
        String page = "env-page-" + suffix;
        Map<String, Object> vars = new HashMap<>();
        vars.put(env + "NAME", "Xã Vĩnh Bảo");
        vars.put(env + "CHAIRMAN_NAME", "Nguyễn Văn Minh");
        vars.put(env + "HOTLINE", "0225 3888 999");
        vars.put(env + "MESSENGER_PAGE_ID", page);
        vars.put(env + "ZALO_OA_ID", "env-oa-" + suffix);
        try (ApplicationContext ctx = start(vars, Map.of())) {
            Db db = new Db(ctx.getBean(DataSource.class));
            assertEquals("Xã Vĩnh Bảo", db.one("SELECT name FROM unit WHERE code = ?", code));
            assertEquals("Nguyễn Văn Minh", db.one("SELECT chairman_name FROM unit WHERE code = ?", code));
            assertEquals("0225 3888 999", db.one("SELECT hotline FROM unit WHERE code = ?", code));
            assertEquals(page, db.one("SELECT messenger_page_id FROM unit WHERE code = ?", code));
            assertEquals(0, db.count("SELECT COUNT(*) FROM unit WHERE code LIKE ? AND code <> ?", "vinh-bao-" + suffix + "%", code),
                    "no unit made of another reading of the variables (vinh-bao-…-chairman)");
            assertEquals(code, ctx.getBean(UnitDirectory.class).byMessengerPage(page).orElseThrow().code());
            assertEquals(code, ctx.getBean(UnitCodes.class).codes().stream().filter(c -> c.contains(suffix)).reduce((a, b) -> a + "," + b).orElse(""));
        }
    }

    @Test
    void aUnitVariableWithoutItsUnitsNameStopsTheStartNamingTheVariable() {
        String suffix = fresh().toUpperCase(Locale.ROOT);
        Map<String, Object> vars = Map.of("UNITS_AN_LAO_" + suffix + "_HOTLINE", "0225 3000 000");
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(vars, Map.of()).close());
        String m = messages(e);
        assertTrue(m.contains("UNITS_AN_LAO_" + suffix + "_HOTLINE") && m.contains("UNITS_<CODE>_NAME"), m);
    }

    @Test
    void twoConfiguredUnitsWithOneMessengerPageStopTheStartNamingBoth() {
        String suffix = fresh();
        Map<String, Object> p = new HashMap<>();
        p.put("units.a-" + suffix + ".name", "Xã A");
        p.put("units.a-" + suffix + ".messenger.page-id", "clash-" + suffix);
        p.put("units.b-" + suffix + ".name", "Xã B");
        p.put("units.b-" + suffix + ".messenger.page-id", "clash-" + suffix);
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(Map.of(), p).close());
        String m = messages(e);
        assertTrue(m.contains("messenger.page-id 'clash-" + suffix + "'") && m.contains("a-" + suffix) && m.contains("b-" + suffix), m);
    }

    @Test
    void aZaloOaAlreadyStoredForAnotherUnitStopsTheStartNamingThatUnit() {
        String suffix = fresh();
        try (ApplicationContext first = start(Map.of(), Map.of("units.c-" + suffix + ".name", "Xã C",
                "units.c-" + suffix + ".zalo.oa-id", "oa-" + suffix))) {
            assertEquals(1, new Db(first.getBean(DataSource.class)).count("SELECT COUNT(*) FROM unit WHERE zalo_oa_id = ?", "oa-" + suffix));
        }
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(Map.of(), Map.of("units.d-" + suffix + ".name", "Xã D",
                "units.d-" + suffix + ".zalo.oa-id", "oa-" + suffix)).close());
        String m = messages(e);
        assertTrue(m.contains("units.d-" + suffix + ".zalo.oa-id 'oa-" + suffix + "' is already unit c-" + suffix), m);
    }
}
