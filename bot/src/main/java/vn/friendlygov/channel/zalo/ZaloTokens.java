package vn.friendlygov.channel.zalo;

import io.micronaut.core.annotation.Nullable;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.PlatformHttp;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.UnitProperties;
import vn.friendlygov.unit.UnitRepository;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Zalo OA tokens. The access token lives 25 hours and is refreshed ahead of expiry (and at once when
 * Zalo refuses it); the refresh token is single-use, so the refresh happens under the row's database
 * lock and the new pair is committed before the new access token is used. A failed refresh is loud:
 * an ERROR log, a metric and a flag on the row that the admin status endpoint shows.
 */
@Singleton
public class ZaloTokens {
    private static final Logger LOG = LoggerFactory.getLogger(ZaloTokens.class);

    private final ChannelTokenRepository tokens;
    private final ZaloConfig config;
    private final UnitDirectory units;
    private final UnitRepository unitRepository;
    private final PlatformHttp http;
    private final ObjectMapper json;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final TaskScheduler scheduler;
    private final Cache<Long, String> cache = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build();

    public ZaloTokens(ChannelTokenRepository tokens, ZaloConfig config, UnitDirectory units, UnitRepository unitRepository,
                      PlatformHttp http, ObjectMapper json, Clock clock, MeterRegistry metrics,
                      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.tokens = tokens;
        this.config = config;
        this.units = units;
        this.unitRepository = unitRepository;
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** Tokens given in configuration are the starting pair; after that the database's rotated pair wins. */
    @EventListener
    void seed(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(Duration.ofMinutes(1), config.getRefreshCheckInterval(), this::refreshAheadSafely);
        units.ensureBootstrapped();   // a unit configured for the first time must exist before its tokens
        for (Unit unit : unitRepository.findAll()) {
            units.properties(unit.code()).map(UnitProperties::getZalo).ifPresent(z -> {
                if (z.getAccessToken() != null && !z.getAccessToken().isBlank()) {
                    tokens.seed(unit.id(), Channels.ZALO, z.getAccessToken(), z.getRefreshToken(), null, clock.instant());
                }
            });
        }
    }

    /** The pair an administrator set in the console (never logged): used from the next send on. */
    @Transactional
    public void replace(Unit unit, String accessToken, @Nullable String refreshToken) {
        tokens.seed(unit.id(), Channels.ZALO, accessToken, refreshToken, null, clock.instant());
        tokens.replace(unit.id(), Channels.ZALO, accessToken, refreshToken, clock.instant());
        cache.invalidate(unit.id());
    }

    public Optional<String> accessToken(Unit unit) {
        String t = cache.get(unit.id(), id -> tokens.find(id, Channels.ZALO).map(ChannelToken::accessToken).orElse(null));
        return Optional.ofNullable(t);
    }

    /**
     * Refreshes after {@code refusedToken} was refused. If another instance already rotated the
     * pair, its new access token is used and the refresh token is not spent again.
     */
    @Transactional
    public Optional<String> refresh(Unit unit, String refusedToken) {
        Optional<ChannelToken> row = tokens.lock(unit.id(), Channels.ZALO);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        ChannelToken t = row.get();
        if (t.accessToken() != null && !t.accessToken().equals(refusedToken) && !expiringSoon(t)) {
            cache.put(unit.id(), t.accessToken());
            return Optional.of(t.accessToken());
        }
        if (t.refreshToken() == null || t.refreshToken().isBlank()) {
            fail(unit, "no refresh token stored");
            return Optional.empty();
        }
        try {
            String form = "refresh_token=" + enc(t.refreshToken()) + "&app_id=" + enc(config.getAppId()) + "&grant_type=refresh_token";
            PlatformHttp.Response r = http.post(config.getOauthUrl() + "/v4/oa/access_token", Map.of("secret_key", config.getAppSecret()),
                    "application/x-www-form-urlencoded", form);
            JsonNode body = r.body() == null || r.body().isBlank() ? null : json.readValue(r.body(), JsonNode.class);
            JsonNode access = body == null ? null : body.get("access_token");
            JsonNode refresh = body == null ? null : body.get("refresh_token");
            if (r.status() != 200 || access == null || refresh == null) {
                // Zalo reports token errors as error_name / error_description, sometimes with HTTP 200.
                String why = body != null && body.get("error_name") != null ? body.get("error_name").coerceStringValue()
                        : body != null && body.get("error") != null ? "error " + body.get("error").coerceStringValue() : "HTTP " + r.status();
                fail(unit, "refresh refused: " + why);
                return Optional.empty();
            }
            long seconds = body.get("expires_in") == null ? 90_000 : Long.parseLong(body.get("expires_in").coerceStringValue());
            Instant now = clock.instant();
            tokens.rotate(unit.id(), Channels.ZALO, access.coerceStringValue(), refresh.coerceStringValue(), now.plusSeconds(seconds), now);
            cache.put(unit.id(), access.coerceStringValue());
            LOG.info("Zalo access token refreshed for unit {}", unit.code());
            metrics.counter("zalo.token.refresh", "result", "ok").increment();
            return Optional.of(access.coerceStringValue());
        } catch (IOException | RuntimeException e) {
            fail(unit, "refresh call failed: " + e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private void fail(Unit unit, String reason) {
        LOG.error("Zalo token refresh FAILED for unit {}: {}. Messages to Zalo will fail until an administrator re-authorises the OA.",
                unit.code(), reason);
        metrics.counter("zalo.token.refresh", "result", "failed").increment();
        tokens.markFailed(unit.id(), Channels.ZALO, reason, clock.instant());
    }

    private boolean expiringSoon(ChannelToken t) {
        return t.expiresAt() != null && t.expiresAt().isBefore(clock.instant().plus(Duration.ofMinutes(config.getRefreshAheadMinutes())));
    }

    /** Refreshes ahead of expiry, so residents never meet an expired token. */
    private void refreshAheadSafely() {
        try {
            refreshAhead();
        } catch (RuntimeException e) {
            // Keep the schedule alive: the next check tries again.
            LOG.warn("Zalo: token refresh check failed", e);
        }
    }

    void refreshAhead() {
        for (ChannelToken t : tokens.findAllByChannel(Channels.ZALO)) {
            if (expiringSoon(t) && !t.refreshFailed()) {
                unitRepository.findById(t.unitId()).ifPresent(u -> refresh(u, t.accessToken()));
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
