package vn.friendlygov.unit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Web-chat allowed origins: scheme://host[:port], compared case-insensitively, a trailing slash forgiven. */
public final class WebOrigins {
    private WebOrigins() {
    }

    /** The origins normalised; the first that is not an origin is refused, naming {@code where}. */
    public static List<String> check(String where, List<String> origins) {
        List<String> out = new ArrayList<>();
        for (String configured : origins == null ? List.<String>of() : origins) {
            String o = normalise(configured);
            if (!o.matches("https?://[a-z0-9.-]+(:\\d{1,5})?")) {
                throw new IllegalArgumentException(where + ": '" + configured
                        + "' is not an origin (scheme://host[:port], no path, no wildcard)");
            }
            if (!out.contains(o)) {
                out.add(o);
            }
        }
        return out;
    }

    public static String normalise(String origin) {
        String o = origin == null ? "" : origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
