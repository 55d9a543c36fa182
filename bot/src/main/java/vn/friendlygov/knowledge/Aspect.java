package vn.friendlygov.knowledge;

import java.util.Optional;

/**
 * The parts of a procedure's answer a resident asks about. The first six are in every procedure;
 * a penalty, a tax and an amount received (a benefit's level) only where the entry has such a
 * figure: asked about one an entry lacks, the bot says so and shows the {@link #nearest()} part.
 */
public enum Aspect {
    DOCUMENTS("documents", "Hồ sơ cần có", null, null),
    TIME("time", "Thời hạn", null, null),
    FEE("fee", "Lệ phí", null, null),
    PLACE("place", "Nơi nộp", null, null),
    ONLINE("online", "Nộp trực tuyến", null, null),
    ELIGIBILITY("eligibility", "Ai được làm", null, null),
    PENALTY("penalty", "Mức phạt", TIME, "phạt"),
    TAX("tax", "Thuế", FEE, "thuế"),
    AMOUNT("amount", "Mức hưởng", FEE, "đồng");

    private final String key;
    private final String label;
    private final Aspect nearest;
    private final String marker;

    Aspect(String key, String label, Aspect nearest, String marker) {
        this.key = key;
        this.label = label;
        this.nearest = nearest;
        this.marker = marker;
    }

    /**
     * For an optional part, a word that shows a required section already speaks of it ("phạt" in a
     * time section, a sum in "đồng" in the fee section of a benefit); null for the required parts.
     */
    public String marker() {
        return marker;
    }

    /** The YAML field name under {@code answers}. */
    public String key() {
        return key;
    }

    /** The quick-reply title (Messenger allows 20 characters). */
    public String label() {
        return label;
    }

    /** True for the parts an entry may leave out. */
    public boolean optional() {
        return nearest != null;
    }

    /**
     * The required part closest to an optional one, shown when the entry has no such figure: a
     * penalty for lateness sits next to the time limit, a tax and a benefit's level next to the fee.
     */
    public Aspect nearest() {
        return nearest == null ? this : nearest;
    }

    public static Optional<Aspect> fromKey(String key) {
        for (Aspect a : values()) {
            if (a.key.equals(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
