package vn.friendlygov.channel;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP client shared by the platform adapters: Apache HttpClient 5 (classic, blocking), pooled
 * keep-alive connections, short timeouts, no redirects and no automatic retries (the outbox decides
 * what is retried). Classic blocking I/O because every caller is a worker thread waiting for the
 * platform's answer anyway; it costs a fraction of the CPU of java.net.http's asynchronous
 * machinery per call, which showed in the webhook storm's profile.
 */
@Singleton
public class PlatformHttp {
    /** {@code retryAfter}: the platform's Retry-After (seconds or an HTTP date), or null when it sent none or nonsense. */
    public record Response(int status, String body, @Nullable Duration retryAfter) {
        public Response(int status, String body) {
            this(status, body, null);
        }
    }

    @Nullable
    static Duration retryAfter(@Nullable String header, java.time.Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                java.time.Instant at = java.time.ZonedDateTime.parse(v, java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }
    }

    private final CloseableHttpClient client;

    public PlatformHttp(PlatformHttpSettings settings) {
        Timeout t = Timeout.of(settings.getHttpTimeout());
        int connections = settings.getHttpConnections();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(t)
                                // A pooled connection idle this long is checked before reuse: a
                                // platform that closed it would otherwise fail the next send.
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(t).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .disableCookieManagement()
                .build();
    }

    public Response post(String url, Map<String, String> headers, String contentType, String body) throws IOException {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity(body, ContentType.parse(contentType).withCharset(StandardCharsets.UTF_8)));
        return execute(post, headers);
    }

    public Response get(String url, Map<String, String> headers) throws IOException {
        return execute(new HttpGet(url), headers);
    }

    private Response execute(HttpUriRequestBase request, Map<String, String> headers) throws IOException {
        headers.forEach(request::setHeader);
        return client.execute(request, r -> new Response(r.getCode(),
                r.getEntity() == null ? "" : EntityUtils.toString(r.getEntity(), StandardCharsets.UTF_8),
                r.getCode() == 429 || r.getCode() == 503
                        ? retryAfter(r.getFirstHeader("Retry-After") == null ? null : r.getFirstHeader("Retry-After").getValue(),
                        java.time.Instant.now())
                        : null));
    }

    /** After the shutdown listeners (the outbox waits there for its sends), so no answer is cut off. */
    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (IOException ignored) {
            // closing: nothing left to do
        }
    }
}
