package vn.friendlygov.unit;

import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Makes units defined only through environment variables visible under their hyphenated code.
 *
 * <p>Micronaut resolves {@code units.vinh-bao.name} from {@code UNITS_VINH_BAO_NAME}, but it lists the
 * units under {@code units} by the all-dots reading only ({@code vinh}), so {@code @EachProperty("units")}
 * never binds {@code vinh-bao}. This loader (registered in META-INF/services, so it runs for every
 * application context) adds the one key {@code units.<code>.name} for each unit that {@link UnitCodes}'s
 * rule finds in the environment; every other property of the unit is then resolved by Micronaut's own
 * environment-variable convention.
 */
public class UnitsFromEnvironment implements PropertySourceLoader {
    public static final String NAME = "units-from-environment";

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        return Environment.DEFAULT_NAME.equals(resourceName) ? Optional.of(propertySource(System.getenv())) : Optional.empty();
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader, ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> read(String name, InputStream input) {
        return Map.of();
    }

    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }

    /** The keys for the units these environment variables define; ranked like the environment itself. */
    public static PropertySource propertySource(Map<String, ?> environmentVariables) {
        Map<String, Object> keys = new HashMap<>();
        Map<String, Object> upper = new HashMap<>();
        environmentVariables.forEach((k, v) -> upper.put(k.toUpperCase(Locale.ROOT), v));
        for (String code : UnitCodes.fromEnvironment(upper.keySet())) {
            keys.put("units." + code + ".name", upper.get("UNITS_" + UnitCodes.envForm(code) + "_NAME"));
        }
        return PropertySource.of(NAME, keys, EnvironmentPropertySource.POSITION);
    }
}
