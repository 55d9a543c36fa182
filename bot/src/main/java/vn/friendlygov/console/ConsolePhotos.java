package vn.friendlygov.console;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the photo a resident sent with a complaint: the platforms' image links expire, so the image
 * is downloaded into the database within seconds of the case being filed (a scheduled sweep of new
 * cases with a photo link; any instance may do it, the primary key makes it once) and the case page
 * shows it from here. Only images, at most {@code console.photos.max-bytes}, and only from the
 * platforms' own hosts ({@code console.photos.allowed-hosts}, suffixes): the link came in a
 * resident's message and must not make the server fetch anything else.
 */
@Singleton
public class ConsolePhotos {
    private static final Logger LOG = LoggerFactory.getLogger(ConsolePhotos.class);
    private static final int MAX_ATTEMPTS = 3;

    /** {@code console.photos.*}. */
    @ConfigurationProperties("console.photos")
    public static class Settings {
        private List<String> allowedHosts = new ArrayList<>(List.of("zdn.vn", "zadn.vn", "zalo.me", "zaloapp.com", "fbcdn.net",
                "fbsbx.com", "facebook.com"));
        private boolean allowHttp;
        private long maxBytes = 10L * 1024 * 1024;
        private Duration timeout = Duration.ofSeconds(15);

        public List<String> getAllowedHosts() { return allowedHosts; }
        public void setAllowedHosts(List<String> allowedHosts) { this.allowedHosts = allowedHosts; }
        /** Tests only (their fake platform serves plain HTTP). */
        public boolean isAllowHttp() { return allowHttp; }
        public void setAllowHttp(boolean allowHttp) { this.allowHttp = allowHttp; }
        public long getMaxBytes() { return maxBytes; }
        public void setMaxBytes(long maxBytes) { this.maxBytes = maxBytes; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
    }

    public record Photo(String contentType, byte[] bytes) {
    }

    private final JdbcOperations jdbc;
    private final Settings settings;
    private final Clock clock;
    private final HttpClient http;

    public ConsolePhotos(JdbcOperations jdbc, Settings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        // Redirects are not followed: the next hop could be any host.
        this.http = HttpClient.newBuilder().connectTimeout(settings.getTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public boolean has(long ticketId) {
        return find(ticketId).isPresent();
    }

    @Transactional
    public Optional<Photo> find(long ticketId) {
        return jdbc.prepareStatement("SELECT content_type, bytes FROM ticket_photo WHERE ticket_id = ? AND bytes IS NOT NULL", ps -> {
            ps.setLong(1, ticketId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Photo(rs.getString(1), rs.getBytes(2))) : Optional.<Photo>empty();
            }
        });
    }

    /** New cases with a photo link not yet kept (or failed fewer than three times). */
    @Scheduled(fixedDelay = "${console.photos.interval:20s}", initialDelay = "5s")
    void sweep() {
        for (Due d : due()) {
            keep(d.id(), d.url());
        }
    }

    record Due(long id, String url) {
    }

    @Transactional
    List<Due> due() {
        return jdbc.prepareStatement("SELECT t.id, t.photo_url FROM ticket t LEFT JOIN ticket_photo p ON p.ticket_id = t.id "
                + "WHERE t.photo_url IS NOT NULL AND t.created_at > ? AND (p.ticket_id IS NULL OR (p.bytes IS NULL AND p.attempts < ?)) "
                + "ORDER BY t.id LIMIT 20", ps -> {
            ps.setTimestamp(1, Timestamp.from(clock.instant().minus(Duration.ofDays(7))));
            ps.setInt(2, MAX_ATTEMPTS);
            List<Due> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Due(rs.getLong(1), rs.getString(2)));
                }
            }
            return out;
        });
    }

    /** Downloads and stores one case's photo; records a failure instead when it cannot. */
    public void keep(long ticketId, String url) {
        String failure = null;
        String type = null;
        byte[] bytes = null;
        try {
            URI uri = URI.create(url);
            if (!allowed(uri)) {
                failure = "host_not_allowed";
            } else {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).timeout(settings.getTimeout()).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).split(";")[0].strip();
                    if (r.statusCode() != 200) {
                        failure = "http_" + r.statusCode();
                    } else if (!type.startsWith("image/") || type.contains("svg")) {
                        failure = "not_an_image";   // SVG can carry script
                    } else {
                        bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.getMaxBytes() + 1));
                        if (bytes.length > settings.getMaxBytes()) {
                            failure = "too_large";
                            bytes = null;
                        }
                    }
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            failure = "download_failed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (failure != null) {
            LOG.info("Photo of case id {} not kept: {}", ticketId, failure);
        }
        store(ticketId, failure == null ? type : null, bytes, failure);
    }

    @Transactional
    void store(long ticketId, @Nullable String type, byte[] bytes, @Nullable String failure) {
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.prepareStatement("UPDATE ticket_photo SET content_type = ?, bytes = ?, attempts = attempts + 1, failure = ?, "
                + "fetched_at = ? WHERE ticket_id = ? AND bytes IS NULL", ps -> {
            ps.setString(1, type);
            ps.setBytes(2, bytes);
            ps.setString(3, failure);
            ps.setTimestamp(4, now);
            ps.setLong(5, ticketId);
            return ps.executeUpdate();
        });
        if (updated == 0) {
            jdbc.prepareStatement("INSERT IGNORE INTO ticket_photo (ticket_id, content_type, bytes, attempts, failure, fetched_at) "
                    + "VALUES (?, ?, ?, 1, ?, ?)", ps -> {
                ps.setLong(1, ticketId);
                ps.setString(2, type);
                ps.setBytes(3, bytes);
                ps.setString(4, failure);
                ps.setTimestamp(5, now);
                return ps.executeUpdate();
            });
        }
    }

    boolean allowed(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(settings.isAllowHttp() && scheme.equals("http"))) {
            return false;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        return settings.getAllowedHosts().stream().map(h -> h.toLowerCase(Locale.ROOT))
                .anyMatch(h -> host.equals(h) || host.endsWith("." + h));
    }
}
