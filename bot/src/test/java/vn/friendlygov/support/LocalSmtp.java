package vn.friendlygov.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A local SMTP server (GreenMail) on a free port that stays the same across {@link #stop()} and
 * {@link #start()}, so a test can take the mail server down and bring it back under a running service.
 */
public final class LocalSmtp implements AutoCloseable {
    private final int port;
    private GreenMail mail;

    public LocalSmtp() {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        start();
    }

    public synchronized void start() {
        mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
    }

    public synchronized void stop() {
        mail.stop();
    }

    /** What the service needs to send here. */
    public Map<String, String> properties() {
        Map<String, String> p = new HashMap<>();
        p.put("notify.email.enabled", "true");
        p.put("notify.email.host", "127.0.0.1");
        p.put("notify.email.port", String.valueOf(port));
        p.put("notify.email.from", "UBND xã <khongtraloi@xa.gov.vn>");
        p.put("notify.email.timeout", "2s");
        p.put("notify.base-url", "https://chatbot.xa.gov.vn");
        return p;
    }

    public synchronized List<MimeMessage> received() {
        return List.of(mail.getReceivedMessages());
    }

    /** The messages to one address. */
    public List<MimeMessage> to(String address) {
        return received().stream().filter(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().equals(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    public synchronized void purge() {
        try {
            mail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        mail.stop();
    }
}
