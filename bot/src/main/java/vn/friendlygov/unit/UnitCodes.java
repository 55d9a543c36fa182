package vn.friendlygov.unit;

import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import vn.friendlygov.ticket.UnitTicketProperties;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The codes of the units declared in configuration.
 *
 * <p>Micronaut reads {@code UNITS_VINH_BAO_NAME} as every dotted/hyphenated variant
 * ({@code units.vinh.bao.name}, {@code units.vinh-bao.name}, …), so {@code @EachProperty("units")}
 * also sees units {@code vinh}, {@code vinh-bao-name} and the like. The rule used here: a unit set
 * through environment variables is the one its {@code UNITS_<CODE>_NAME} variable names (a name is
 * required anyway), the code being {@code <CODE>} in lower case with {@code _} read as {@code -};
 * {@code UNITS_VINH_BAO_CHAIRMAN_NAME} is unit {@code vinh-bao}'s chairman-name, not a unit
 * {@code vinh-bao-chairman}. Codes from files, system properties and the like are taken as written.
 * A {@code UNITS_…} variable that belongs to no unit stops the start-up, naming it.
 */
@Singleton
public class UnitCodes {
    private static final String ENV_PREFIX = "UNITS_";
    private static final Pattern ENV_NAME = Pattern.compile("UNITS_(.+)_NAME");
    /** Unit properties written as environment-variable suffixes (CHAIRMAN_NAME, HOTLINE, …). */
    private static final Set<String> ENV_PROPERTIES = envProperties(UnitProperties.class, UnitTicketProperties.class);

    private final Set<String> codes;

    @Inject
    public UnitCodes(Environment environment) {
        this(environment.getPropertySources());
    }

    public UnitCodes(Collection<PropertySource> sources) {
        this.codes = resolve(sources);
    }

    public Set<String> codes() {
        return codes;
    }

    public boolean contains(String code) {
        return codes.contains(code);
    }

    static Set<String> resolve(Collection<PropertySource> sources) {
        Set<String> codes = new TreeSet<>();
        List<String> envNames = new ArrayList<>();
        for (PropertySource source : sources) {
            boolean env = source.getConvention() == PropertySource.PropertyConvention.ENVIRONMENT_VARIABLE;
            for (String key : source) {
                if (env) {
                    if (key.toUpperCase(Locale.ROOT).startsWith(ENV_PREFIX)) {
                        envNames.add(key.toUpperCase(Locale.ROOT));
                    }
                } else if (key.startsWith("units.")) {
                    String rest = key.substring("units.".length());
                    String code = rest.split("[.\\[]", 2)[0];
                    if (!code.isBlank()) {
                        codes.add(code);
                    }
                }
            }
        }
        codes.addAll(fromEnvironment(envNames));
        for (String name : envNames) {
            if (codes.stream().noneMatch(c -> name.startsWith(ENV_PREFIX + envForm(c) + "_"))) {
                throw new IllegalStateException("Environment variable " + name + " belongs to no unit: a unit set through "
                        + "environment variables needs UNITS_<CODE>_NAME, with the code's hyphens written as _ "
                        + "(UNITS_VINH_BAO_NAME for unit vinh-bao)");
            }
        }
        return Set.copyOf(codes);
    }

    /**
     * The units that environment variables define: UNITS_<CODE>_NAME, unless it is a property ending
     * in NAME (UNITS_VINH_BAO_CHAIRMAN_NAME is vinh-bao's chairman-name; no code ends in -chairman).
     */
    static Set<String> fromEnvironment(Collection<String> envNames) {
        Set<String> codes = new TreeSet<>();
        for (String name : envNames) {
            Matcher m = ENV_NAME.matcher(name.toUpperCase(Locale.ROOT));
            if (m.matches() && !endsWithProperty(m.group(1))) {
                codes.add(m.group(1).toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        return codes;
    }

    private static boolean endsWithProperty(String envCode) {
        for (int i = envCode.indexOf('_'); i >= 0; i = envCode.indexOf('_', i + 1)) {
            if (ENV_PROPERTIES.contains(envCode.substring(i + 1) + "_NAME")) {
                return true;
            }
        }
        return false;
    }

    /** vinh-bao → VINH_BAO. */
    static String envForm(String code) {
        return code.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_');
    }

    private static Set<String> envProperties(Class<?>... types) {
        Set<String> names = new TreeSet<>();
        for (Class<?> type : types) {
            for (Method m : type.getMethods()) {
                if (m.getName().startsWith("set") && m.getParameterCount() == 1 && m.getName().length() > 3) {
                    names.add(m.getName().substring(3).replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT));
                }
            }
        }
        return Set.copyOf(names);
    }
}
