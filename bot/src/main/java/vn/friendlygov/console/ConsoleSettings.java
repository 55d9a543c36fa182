package vn.friendlygov.console;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code console.session.*}: how long a console session lives. {@code idle-timeout}: without a
 * request for this long it ends (30 min, like Micronaut Session's default); {@code max-age}: it ends
 * this long after sign-in whatever happens (12 h: one working day).
 */
@ConfigurationProperties("console.session")
public class ConsoleSettings {
    private Duration idleTimeout = Duration.ofMinutes(30);
    private Duration maxAge = Duration.ofHours(12);
    private String cookieName = "CONSOLE_SESSION";

    public Duration getIdleTimeout() { return idleTimeout; }
    public void setIdleTimeout(Duration idleTimeout) { this.idleTimeout = idleTimeout; }
    public Duration getMaxAge() { return maxAge; }
    public void setMaxAge(Duration maxAge) { this.maxAge = maxAge; }
    public String getCookieName() { return cookieName; }
    public void setCookieName(String cookieName) { this.cookieName = cookieName; }
}
