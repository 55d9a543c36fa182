package vn.friendlygov.notify;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;

import java.time.Duration;

/**
 * Notifications to officials ({@code notify.*}): the console link base and the SMTP server for
 * e-mail. Secrets (the SMTP password) come from the environment, e.g. {@code NOTIFY_EMAIL_PASSWORD}.
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("notify")
public class NotifyConfig {
    /** Prefix for the links in e-mails, e.g. https://chatbot.xamau.gov.vn; empty: the links stay relative. */
    private String baseUrl = "";
    private Email email = new Email();

    public String getBaseUrl() { return baseUrl; }
    public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl == null ? "" : baseUrl.replaceAll("/+$", ""); }
    public Email getEmail() { return email; }
    public void setEmail(Email email) { this.email = email; }

    @ConfigurationProperties("email")
    public static class Email {
        /** Off until an SMTP server is configured: no e-mail is queued then. */
        private boolean enabled = false;
        private String host = "localhost";
        private int port = 25;
        /** The sender, e.g. "UBND xã Mẫu <khongtraloi@xamau.gov.vn>". */
        private String from = "Chính quyền thân thiện <no-reply@localhost>";
        private String username = "";
        private String password = "";
        /** STARTTLS on a submission port (587); {@code ssl} for SMTPS (465). */
        private boolean startTls = false;
        private boolean ssl = false;
        private Duration timeout = Duration.ofSeconds(10);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getFrom() { return from; }
        public void setFrom(String from) { this.from = from; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username == null ? "" : username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password == null ? "" : password; }
        public boolean isStartTls() { return startTls; }
        public void setStartTls(boolean startTls) { this.startTls = startTls; }
        public boolean isSsl() { return ssl; }
        public void setSsl(boolean ssl) { this.ssl = ssl; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }
}
