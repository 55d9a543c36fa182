package vn.friendlygov.knowledge;

/** The catalogue's kinds; {@code match.kind} in the chat API uses their lower-case names. */
public enum EntryKind {
    PROCEDURE, INFO, ACTION, SMALLTALK;

    public String apiName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
