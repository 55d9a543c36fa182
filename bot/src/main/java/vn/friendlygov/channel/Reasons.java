package vn.friendlygov.channel;

/**
 * Reason codes of undelivered messages, as the outbox stores them and the ticket's
 * {@code deliveries} and the admin outbox show them (API.md; channels-2026.md §4.3 in lower case).
 * A platform's own error is kept as {@code <platform>:<code>}, e.g. {@code messenger:551/1545041},
 * {@code zalo:-201}, {@code messenger:http_503}.
 */
public final class Reasons {
    // Skipped by a platform rule.
    public static final String OUTSIDE_24H_WINDOW = "outside_24h_window";
    public static final String OUTSIDE_7_DAY_WINDOW = "outside_7_day_window";
    public static final String OUTSIDE_HUMAN_AGENT_WINDOW = "outside_human_agent_window";
    public static final String HUMAN_AGENT_NOT_ALLOWED = "human_agent_not_allowed";
    public static final String OPTED_OUT = "opted_out";
    public static final String NOT_FOLLOWER = "not_follower";
    public static final String RECIPIENT_UNAVAILABLE = "recipient_unavailable";
    // Transient (retried) or local failures.
    public static final String RATE_LIMITED = "rate_limited";
    public static final String NETWORK = "network";
    public static final String UNREADABLE_ANSWER = "unreadable_answer";
    public static final String IN_DOUBT = "in_doubt";
    public static final String INTERNAL_ERROR = "internal_error";
    public static final String NO_ACCESS_TOKEN = "no_access_token";
    public static final String TOKEN_REFRESH_FAILED = "token_refresh_failed";
    public static final String NO_SENDER = "no_sender";

    private Reasons() {
    }

    /** A platform's error code: {@code messenger:613}, {@code zalo:-230}. */
    public static String platform(String platform, String code) {
        return platform + ":" + code;
    }

    /** An HTTP status without a platform error code: {@code messenger:http_503}. */
    public static String http(String platform, int status) {
        return platform + ":http_" + status;
    }
}
