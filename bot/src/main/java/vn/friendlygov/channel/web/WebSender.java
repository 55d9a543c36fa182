package vn.friendlygov.channel.web;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.SendResult;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The web chat has no push: a message "sent" later waits in the mailbox the chat box polls. The
 * mailbox insert is idempotent per outbox row (its dedupe key), so a send repeated after a crash
 * needs no look-up: {@link vn.friendlygov.channel.ChannelSender#findSent}'s default applies.
 */
@Singleton
public class WebSender implements ChannelSender {
    private final WebMailboxRepository mailbox;
    private final ObjectMapper json;

    public WebSender(WebMailboxRepository mailbox, ObjectMapper json) {
        this.mailbox = mailbox;
        this.json = json;
    }

    @Override
    public String channel() {
        return Channels.WEB;
    }

    @Override
    public SendResult send(Delivery d) {
        try {
            String quick = d.reply().quickReplies().isEmpty() ? null : json.writeValueAsString(d.reply().quickReplies());
            mailbox.append(d.unit().id(), d.recipientId(), d.reply().text(), quick, d.now(), d.dedupeKey());
            return new SendResult.Sent("web:" + mailbox.seqOf(d.dedupeKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
