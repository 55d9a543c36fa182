package vn.friendlygov.channel.web;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Web-chat conversation ids are issued by the server: 160 bits from {@link SecureRandom}, written as
 * 40 lowercase hex digits. An id is "issued" when its conversation row exists, so a random id needs
 * no key shared by every instance (as a signed one would) and cannot outlive its row. Hex, because
 * the column's collation ignores letter case: base64 letters would lose bits to that.
 */
final class ConversationIds {
    static final Pattern FORMAT = Pattern.compile("[0-9a-f]{40}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ConversationIds() {
    }

    static String issue() {
        byte[] bits = new byte[20];
        RANDOM.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    static boolean wellFormed(String id) {
        return id != null && FORMAT.matcher(id).matches();
    }
}
