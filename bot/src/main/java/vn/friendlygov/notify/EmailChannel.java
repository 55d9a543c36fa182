package vn.friendlygov.notify;

import io.micronaut.email.Email;
import io.micronaut.email.EmailException;
import io.micronaut.email.EmailSender;
import jakarta.inject.Singleton;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.channel.ChannelSender;
import vn.friendlygov.channel.Delivery;
import vn.friendlygov.channel.SendResult;
import vn.friendlygov.conversation.Reply;

/**
 * E-mail to officials as an outbox channel ("email"): queued in the caller's transaction like any
 * message, so nothing is lost while the SMTP server is down; the dispatcher retries with backoff.
 * The outbox row's text holds the subject on its first line, then a blank line, then the body
 * ({@link #encode}). A recipient the server refuses is a permanent failure; anything else (server
 * down, timeout, authentication) is retried. An e-mail whose send was cut after the server took it
 * may arrive twice (SMTP has no idempotency key); that is preferred to losing it.
 */
@Singleton
public class EmailChannel implements ChannelSender {
    public static final String CHANNEL = "email";
    private static final Logger LOG = LoggerFactory.getLogger(EmailChannel.class);

    private final EmailSender<?, ?> mail;
    private final NotifyConfig config;

    public EmailChannel(EmailSender<?, ?> mail, NotifyConfig config) {
        this.mail = mail;
        this.config = config;
    }

    /** The outbox text of an e-mail: subject, blank line, body. */
    public static Reply encode(String subject, String body) {
        return Reply.of(subject.replaceAll("[\\r\\n]+", " ").strip() + "\n\n" + body);
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public SendResult send(Delivery d) {
        if (!config.getEmail().isEnabled()) {
            return new SendResult.Skipped("email_disabled", "e-mail notifications are switched off");
        }
        String text = d.reply().text();
        int cut = text.indexOf("\n\n");
        String subject = cut < 0 ? text : text.substring(0, cut);
        String body = cut < 0 ? "" : text.substring(cut + 2);
        try {
            mail.send(Email.builder().from(config.getEmail().getFrom()).to(d.recipientId()).subject(subject).body(body));
            return new SendResult.Sent("email:" + d.dedupeKey());
        } catch (EmailException | IllegalArgumentException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                if (cause instanceof AuthenticationFailedException || cause instanceof SendFailedException
                        || cause instanceof AddressException) {
                    break;
                }
                cause = cause.getCause();
            }
            String reason = "smtp: " + cause.getClass().getSimpleName();
            if (cause instanceof AddressException || (cause instanceof SendFailedException sf
                    && sf.getInvalidAddresses() != null && sf.getInvalidAddresses().length > 0)) {
                return new SendResult.Failed("smtp_recipient_refused", reason + " (recipient refused)");
            }
            LOG.warn("E-mail to an official not sent ({}); retrying later", reason);
            return new SendResult.Retry("smtp_unavailable", reason);
        } catch (RuntimeException e) {
            // Validation of the message (an empty address) or a broken session: nothing left; retrying is harmless.
            return new SendResult.Retry("smtp_unavailable", "smtp: " + e.getClass().getSimpleName());
        }
    }
}
