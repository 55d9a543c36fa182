package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CredentialsRevoked;
import vn.friendlygov.security.Passwords;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Database-backed console sessions: every instance behind the load balancer sees the same ones
 * (Micronaut Session has no JDBC store; sticky routing would lose sessions when an instance
 * restarts). The cookie carries 256 random bits; the table holds only their SHA-256, so a leaked
 * backup signs nobody in. Signing in always creates a new row (no session fixation); signing out
 * deletes it.
 */
@Singleton
public class ConsoleSessions {
    /** A live session: whose it is and its CSRF token. */
    public record Session(String tokenHash, long officialId, String csrfToken, Instant createdAt) {
    }

    /** A new session: the raw cookie value (never stored) and the row. */
    public record Created(String cookieValue, Session session) {
    }

    private final JdbcOperations jdbc;
    private final ConsoleSettings settings;
    private final Clock clock;

    public ConsoleSessions(JdbcOperations jdbc, ConsoleSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    @Transactional
    public Created create(long officialId, String csrfToken) {
        String raw = Passwords.random(32);
        Instant now = clock.instant();
        Session s = new Session(hash(raw), officialId, csrfToken, now);
        jdbc.prepareStatement("INSERT INTO console_session (token_hash, official_id, csrf_token, created_at, last_seen_at) "
                + "VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setString(1, s.tokenHash());
            ps.setLong(2, officialId);
            ps.setString(3, csrfToken);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate();
        });
        return new Created(raw, s);
    }

    /** The live session of this cookie value, its idle clock restarted; empty when unknown or expired. */
    @Transactional
    public Optional<Session> find(@Nullable String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        String h = hash(cookieValue);
        Instant now = clock.instant();
        Optional<Session> s = jdbc.prepareStatement("SELECT official_id, csrf_token, created_at FROM console_session "
                + "WHERE token_hash = ? AND last_seen_at > ? AND created_at > ?", ps -> {
            ps.setString(1, h);
            ps.setTimestamp(2, Timestamp.from(now.minus(settings.getIdleTimeout())));
            ps.setTimestamp(3, Timestamp.from(now.minus(settings.getMaxAge())));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Session(h, rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant()))
                        : Optional.<Session>empty();
            }
        });
        // Written at most once a minute per session: a page's static files do not each cost a write.
        s.ifPresent(x -> jdbc.prepareStatement("UPDATE console_session SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, h);
            ps.setTimestamp(3, Timestamp.from(now.minusSeconds(60)));
            return ps.executeUpdate();
        }));
        return s;
    }

    @Transactional
    public void delete(@Nullable String cookieValue) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) {
            return;
        }
        jdbc.prepareStatement("DELETE FROM console_session WHERE token_hash = ?", ps -> {
            ps.setString(1, hash(cookieValue));
            return ps.executeUpdate();
        });
    }

    /** Every session of an account (its password changed, or it was disabled), but {@code keepHash}. */
    @Transactional
    public void deleteOthers(long officialId, @Nullable String keepHash) {
        jdbc.prepareStatement("DELETE FROM console_session WHERE official_id = ? AND token_hash <> ?", ps -> {
            ps.setLong(1, officialId);
            ps.setString(2, keepHash == null ? "" : keepHash);
            return ps.executeUpdate();
        });
    }

    /** A password set by someone else or a disabled account: its sessions end now, on every instance. */
    @EventListener
    void on(CredentialsRevoked event) {
        deleteOthers(event.officialId(), null);
    }

    @Scheduled(fixedDelay = "10m", initialDelay = "2m")
    @Transactional
    void forgetExpired() {
        Instant now = clock.instant();
        jdbc.prepareStatement("DELETE FROM console_session WHERE last_seen_at < ? OR created_at < ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(now.minus(settings.getIdleTimeout())));
            ps.setTimestamp(2, Timestamp.from(now.minus(settings.getMaxAge())));
            return ps.executeUpdate();
        });
    }

    public @Nullable String cookieValue(HttpRequest<?> request) {
        return request.getCookies().findCookie(settings.getCookieName()).map(Cookie::getValue).orElse(null);
    }

    /** The session cookie: HttpOnly, SameSite=Strict, path /console, Secure when the request came over HTTPS. */
    public Cookie cookie(HttpRequest<?> request, String value) {
        return Cookie.of(settings.getCookieName(), value).httpOnly(true).sameSite(SameSite.Strict).path("/console")
                .secure(secure(request));
    }

    public Cookie expiredCookie(HttpRequest<?> request) {
        return cookie(request, "").maxAge(0);
    }

    /** HTTPS directly, or at the load balancer (a forged header can only make the cookie stricter). */
    public static boolean secure(HttpRequest<?> request) {
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeaders().get("X-Forwarded-Proto"));
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
