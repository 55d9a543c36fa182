package vn.friendlygov.security;

import java.util.regex.Pattern;

/** Masks residents' phone numbers and ID numbers wherever text leaves for a log. */
public final class Pii {
    // 12-digit căn cước / CCCD, 9-digit old CMND, and Vietnamese phone numbers (0xxxxxxxxx, +84xxxxxxxxx),
    // with optional spaces, dots or dashes between digit groups. A match starts at a digit (the space
    // before a number stays), and a number right after "letters-" is a case code (PA-2026-000123), not a phone.
    private static final Pattern ID_OR_PHONE = Pattern.compile(
            "(?<![\\w])(?<![A-Za-z]-)\\+?\\d(?:[\\s.-]?\\d){8,11}(?![\\w])");

    private Pii() {
    }

    public static String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        var m = ID_OR_PHONE.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            String digits = m.group().replaceAll("\\D", "");
            if (digits.length() < 9) {
                m.appendReplacement(out, m.group().replace("$", "\\$"));
                continue;
            }
            String tail = digits.substring(digits.length() - 3);
            m.appendReplacement(out, "***" + tail);
        } while (m.find());
        m.appendTail(out);
        return out.toString();
    }
}
