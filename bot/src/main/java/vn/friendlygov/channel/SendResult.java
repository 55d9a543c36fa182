package vn.friendlygov.channel;

import org.apache.hc.client5.http.ConnectTimeoutException;

import io.micronaut.core.annotation.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.net.ConnectException;
import java.net.UnknownHostException;

/** What a platform said to one send. */
public sealed interface SendResult {
    /**
     * A network failure: before the request left (no connection) nothing was sent, so retry;
     * after (a read timeout, a cut connection) the platform may have accepted it, so it is unknown.
     */
    static SendResult networkFailure(IOException e) {
        String reason = "network: " + e.getClass().getSimpleName();
        return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof ConnectTimeoutException
                ? new Retry(Reasons.NETWORK, reason) : new Unknown(reason);
    }

    /** Delivered; the platform's message id. */
    record Sent(String platformMessageId) implements SendResult {
    }

    /**
     * A transient failure (network, 5xx, rate limit): try again later. {@code code}: the reason
     * code ({@link Reasons}) or the platform's error code, kept if the retry budget runs out.
     */
    record Retry(String code, String reason, @Nullable Duration notBefore) implements SendResult {
        public Retry(String code, String reason) {
            this(code, reason, null);
        }
    }

    /** The request may or may not have reached the platform: checked with it before any new send. */
    record Unknown(String reason) implements SendResult {
    }

    /** A permanent failure (blocked, invalid recipient, bad token): do not retry. {@code code}: the platform's error code. */
    record Failed(String code, String reason) implements SendResult {
    }

    /** Not sent on purpose, by a platform rule (outside the window, opted out); {@code code} from {@link Reasons}. */
    record Skipped(String code, String reason) implements SendResult {
    }

    /**
     * The recipient refuses our messages on the platform (Zalo -244, -217, -139, -141): not sent,
     * SKIPPED as {@link Reasons#OPTED_OUT}, and kept as their opt-out (consent, source platform_error).
     */
    record OptedOut(String reason) implements SendResult {
    }

    /** Not sent now, by a rule that lifts later (Zalo's night ban, a full rate limit): try at that time, not counted as an attempt. */
    record Deferred(java.time.Instant until, String reason) implements SendResult {
    }

    /** The access token was refused and could not be renewed at once (the sender refreshes and retries once itself): retried later. */
    record TokenExpired(String usedToken, String reason) implements SendResult {
    }
}
