package vn.friendlygov.channel;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/** Platform signature checks over the raw body bytes, compared in constant time. */
public final class WebhookSignatures {
    private WebhookSignatures() {
    }

    /** Messenger: X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256(app secret, raw body). */
    public static boolean messengerValid(String header, byte[] body, String appSecret) {
        if (header == null || appSecret == null || appSecret.isBlank()) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return constantTimeEquals(expected, header.strip().toLowerCase(Locale.ROOT));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Zalo: X-ZEvent-Signature = "mac=" + hex SHA-256(appId + raw body + timestamp + OA secret key); not an HMAC. */
    public static boolean zaloValid(String header, byte[] body, String appId, String timestamp, String oaSecretKey) {
        if (header == null || oaSecretKey == null || oaSecretKey.isBlank()) {
            return false;
        }
        String expected = "mac=" + zaloMac(body, appId, timestamp, oaSecretKey);
        return constantTimeEquals(expected, header.strip().toLowerCase(Locale.ROOT));
    }

    public static String zaloMac(byte[] body, String appId, String timestamp, String oaSecretKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(appId.getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            sha.update(timestamp.getBytes(StandardCharsets.UTF_8));
            sha.update(oaSecretKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
