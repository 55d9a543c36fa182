package vn.friendlygov.channel;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A signed item that could not be read (a location without a latitude, a timestamp that is not a
 * number, a missing or oversized sender id): stored as REJECTED with its raw JSON and the reason,
 * so that the rest of the delivery is handled and answered 200 instead of the platform delivering
 * the whole batch again and again. Keyed by a hash of the raw JSON, so a redelivery stores it once.
 */
public record RejectedItem(String channel, @Nullable Long unitId, String rawJson, String reason) {

    public String eventKey() {
        return "rejected:" + sha256(rawJson);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Thrown while reading one item: the reason is stored with it. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }
}
