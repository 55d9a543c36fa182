package vn.friendlygov.channel;

import java.util.List;

/**
 * What a platform says when asked whether a message whose send had an unknown outcome (the
 * instance died before recording it, or the answer timed out) was delivered after all. Neither platform takes an
 * idempotency key, so asking is the only way to send such a message at most once.
 */
public sealed interface SentLookup {
    /**
     * Messages the page or OA sent to the recipient since the cut-off with exactly this text, newest
     * first, as platform message ids; empty when there is none.
     */
    record Matches(List<String> platformMessageIds) implements SentLookup {
    }

    /** The platform could not be asked (network, 5xx, an error body): the send stays in doubt. */
    record Unavailable(String reason) implements SentLookup {
    }

    /** The platform's look-up allowance is used up: ask again at that time (the row stays in doubt). */
    record Later(java.time.Instant until, String reason) implements SentLookup {
    }

    /** The access token was refused (the sender refreshes and asks again once itself): the row stays in doubt. */
    record TokenExpired(String usedToken, String reason) implements SentLookup {
    }

    /** The channel's own send is idempotent (nothing to ask): send again. */
    record NotNeeded() implements SentLookup {
    }

    /** Whether a text the platform shows is the one we send (line ends and outer spaces aside). */
    static boolean sameText(String ours, String theirs) {
        return ours != null && theirs != null
                && ours.replace("\r\n", "\n").strip().equals(theirs.replace("\r\n", "\n").strip());
    }
}
