package vn.friendlygov.channel;

/** Channel names as stored in conversations, inbox and outbox rows. */
public final class Channels {
    public static final String WEB = "web";
    public static final String MESSENGER = "messenger";
    public static final String ZALO = "zalo";

    private Channels() {
    }
}
