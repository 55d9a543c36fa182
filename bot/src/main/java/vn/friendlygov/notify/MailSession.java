package vn.friendlygov.notify;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.email.javamail.sender.DefaultSessionProvider;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;

import java.util.Properties;

/** The Jakarta Mail session Micronaut Email sends with, from the typed {@code notify.email.*} settings. */
@Singleton
@Replaces(DefaultSessionProvider.class)
public class MailSession implements SessionProvider {
    private final Session session;

    public MailSession(NotifyConfig config) {
        NotifyConfig.Email c = config.getEmail();
        String protocol = c.isSsl() ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", c.getHost());
        p.put("mail." + protocol + ".port", String.valueOf(c.getPort()));
        long ms = c.getTimeout().toMillis();
        // Without timeouts a stuck SMTP server holds an outbox thread forever.
        p.put("mail." + protocol + ".connectiontimeout", String.valueOf(ms));
        p.put("mail." + protocol + ".timeout", String.valueOf(ms));
        p.put("mail." + protocol + ".writetimeout", String.valueOf(ms));
        if (c.isStartTls()) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        Authenticator auth = null;
        if (!c.getUsername().isBlank()) {
            p.put("mail." + protocol + ".auth", "true");
            PasswordAuthentication credentials = new PasswordAuthentication(c.getUsername(), c.getPassword());
            auth = new Authenticator() {
                @Override
                protected PasswordAuthentication getPasswordAuthentication() {
                    return credentials;
                }
            };
        }
        this.session = Session.getInstance(p, auth);
    }

    @Override
    public Session session() {
        return session;
    }
}
