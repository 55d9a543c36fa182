package vn.friendlygov.channel;

/** Delivers outbox rows on one channel, applying that platform's rules. */
public interface ChannelSender {
    String channel();

    SendResult send(Delivery delivery);
}
