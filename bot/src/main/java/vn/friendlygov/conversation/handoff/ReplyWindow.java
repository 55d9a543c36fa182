package vn.friendlygov.conversation.handoff;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.channel.Channels;

import java.time.Duration;
import java.time.Instant;

/**
 * How an official's reply would go out now (API.md {@code replyWindow}): Messenger inside 24 hours
 * normally, then with the HUMAN_AGENT tag up to 7 days; Zalo inside its consultation window; web
 * chat always. Zalo's consultation message is free within 48 hours of the resident's last message and
 * billed to the OA after that, up to the end of the window ({@code zalo_billable}): the same send, so the
 * reply box must say it costs. {@code until}: when this mode ends.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)   // "until": null, "mode": null when no reply can go (API.md)
public record ReplyWindow(boolean allowed, @Nullable String mode,
                          @JsonFormat(pattern = "yyyy-MM-dd'T'HH:mm:ssXXX", timezone = "Asia/Ho_Chi_Minh") @Nullable Instant until) {
    public static final String NORMAL = "normal";
    public static final String HUMAN_AGENT_TAG = "human_agent_tag";
    public static final String ZALO_FREE = "zalo_free";
    public static final String ZALO_BILLABLE = "zalo_billable";
    public static final String WEB = "web";

    static final Duration MESSENGER_STANDARD = Duration.ofHours(24);
    static final Duration MESSENGER_HUMAN_AGENT = Duration.ofDays(7);
    static final Duration ZALO_FREE_WINDOW = Duration.ofHours(48);

    /** {@code lastInbound}: when the resident last wrote (the platforms' windows count from there). */
    public static ReplyWindow of(String channel, @Nullable Instant lastInbound, Instant now, boolean humanAgentTag,
                                 int zaloWindowDays) {
        if (Channels.WEB.equals(channel)) {
            return new ReplyWindow(true, WEB, null);
        }
        if (Channels.MESSENGER.equals(channel)) {
            if (lastInbound != null && now.isBefore(lastInbound.plus(MESSENGER_STANDARD))) {
                return new ReplyWindow(true, NORMAL, lastInbound.plus(MESSENGER_STANDARD));
            }
            if (humanAgentTag && lastInbound != null && now.isBefore(lastInbound.plus(MESSENGER_HUMAN_AGENT))) {
                return new ReplyWindow(true, HUMAN_AGENT_TAG, lastInbound.plus(MESSENGER_HUMAN_AGENT));
            }
            return new ReplyWindow(false, null, null);
        }
        if (Channels.ZALO.equals(channel)) {
            Duration window = Duration.ofDays(zaloWindowDays);
            Duration free = ZALO_FREE_WINDOW.compareTo(window) < 0 ? ZALO_FREE_WINDOW : window;
            if (lastInbound != null && now.isBefore(lastInbound.plus(free))) {
                return new ReplyWindow(true, ZALO_FREE, lastInbound.plus(free));
            }
            if (lastInbound != null && now.isBefore(lastInbound.plus(window))) {
                return new ReplyWindow(true, ZALO_BILLABLE, lastInbound.plus(window));
            }
            return new ReplyWindow(false, null, null);
        }
        return new ReplyWindow(false, null, null);
    }
}
