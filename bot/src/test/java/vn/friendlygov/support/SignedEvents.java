package vn.friendlygov.support;

import vn.friendlygov.channel.WebhookSignatures;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

/** Builds platform webhook bodies the way the platforms send them, and signs them. */
public final class SignedEvents {
    public static final String APP_SECRET = "test-app-secret";
    public static final String VERIFY_TOKEN = "test-verify-token";
    public static final String ZALO_APP_ID = "360846524940903967";
    public static final String ZALO_OA_SECRET = "test-oa-secret-key";
    public static final String PAGE_ID = "1122334455";
    public static final String OA_ID = "388613280878808645";

    private SignedEvents() {
    }

    /** A fresh id (resident, message, event) with a readable prefix: tests never collide in the shared database. */
    public static String id(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Messenger escapes non-ASCII as \\uXXXX in what it signs; so do we. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    public static String messengerText(String pageId, String psid, String mid, long ts, String text) {
        return "{\"object\":\"page\",\"entry\":[{\"id\":\"" + pageId + "\",\"time\":" + ts + ",\"messaging\":[{\"sender\":{\"id\":\""
                + psid + "\"},\"recipient\":{\"id\":\"" + pageId + "\"},\"timestamp\":" + ts + ",\"message\":{\"mid\":\"" + mid
                + "\",\"text\":\"" + escape(text) + "\"}}]}]}";
    }

    public static String messengerSignature(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String zaloText(String oaId, String userId, String msgId, long ts, String text) {
        return "{\"app_id\":\"" + ZALO_APP_ID + "\",\"user_id_by_app\":\"9" + userId + "\",\"event_name\":\"user_send_text\","
                + "\"sender\":{\"id\":\"" + userId + "\"},\"recipient\":{\"id\":\"" + oaId + "\"},\"message\":{\"text\":\""
                + escape(text) + "\",\"msg_id\":\"" + msgId + "\"},\"timestamp\":\"" + ts + "\"}";
    }

    public static String zaloFollow(String oaId, String userId, long ts, boolean follow) {
        return "{\"oa_id\":\"" + oaId + "\",\"follower\":{\"id\":\"" + userId + "\"},\"user_id_by_app\":\"9" + userId
                + "\",\"event_name\":\"" + (follow ? "follow" : "unfollow") + "\",\"source\":\"oa_profile\",\"app_id\":\""
                + ZALO_APP_ID + "\",\"timestamp\":\"" + ts + "\"}";
    }

    public static String zaloSignature(String body, long ts) {
        return "mac=" + WebhookSignatures.zaloMac(body.getBytes(StandardCharsets.UTF_8), ZALO_APP_ID, String.valueOf(ts), ZALO_OA_SECRET);
    }

    /** A platform body's JSON string text as the resident sees it (\\uXXXX escapes and \\n decoded). */
    public static String unescape(String jsonText) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\\\u([0-9a-fA-F]{4})").matcher(jsonText);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(1), 16))));
        }
        m.appendTail(out);
        return out.toString().replace("\\n", "\n");
    }
}
