package vn.friendlygov.knowledge;

import java.util.Optional;

/** The parts of a procedure's answer a resident asks about. */
public enum Aspect {
    DOCUMENTS("documents", "Hồ sơ cần có"),
    TIME("time", "Thời hạn"),
    FEE("fee", "Lệ phí"),
    PLACE("place", "Nơi nộp"),
    ONLINE("online", "Nộp trực tuyến"),
    ELIGIBILITY("eligibility", "Ai được làm");

    private final String key;
    private final String label;

    Aspect(String key, String label) {
        this.key = key;
        this.label = label;
    }

    /** The YAML field name under {@code answers}. */
    public String key() {
        return key;
    }

    /** The quick-reply title (Messenger allows 20 characters). */
    public String label() {
        return label;
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
