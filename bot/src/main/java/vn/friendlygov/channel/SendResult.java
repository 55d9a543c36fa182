package vn.friendlygov.channel;

/** What a platform said to one send. */
public sealed interface SendResult {
    /** Delivered; the platform's message id. */
    record Sent(String platformMessageId) implements SendResult {
    }

    /** A transient failure (network, 5xx, rate limit): try again later. */
    record Retry(String reason) implements SendResult {
    }

    /** A permanent failure (blocked, invalid recipient, bad token): do not retry. */
    record Failed(String reason) implements SendResult {
    }

    /** Not sent on purpose, by a platform rule (outside the window). */
    record Skipped(String reason) implements SendResult {
    }

    /** Not sent now, by a rule that lifts later (Zalo's night ban): try at that time, not counted as an attempt. */
    record Deferred(java.time.Instant until, String reason) implements SendResult {
    }

    /** The access token was refused: refresh it, then retry once. */
    record TokenExpired(String usedToken, String reason) implements SendResult {
    }
}
