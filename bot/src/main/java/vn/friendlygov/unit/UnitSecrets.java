package vn.friendlygov.unit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A unit's channel secrets set in the console (table {@code unit_secret}); configuration's value
 * (from the environment) applies while none is stored. Write-only for people: nothing here is ever
 * returned by the API, logged or put in the audit log — callers record only that a secret changed.
 */
@Singleton
public class UnitSecrets {
    public static final String MESSENGER_PAGE_TOKEN = "messenger.page-access-token";

    private record Key(long unitId, String name) {
    }

    private final JdbcOperations jdbc;
    private final UnitDirectory units;
    private final Clock clock;
    private final LoadingCache<Key, Optional<String>> stored;

    @Inject
    public UnitSecrets(JdbcOperations jdbc, UnitDirectory units, Clock clock) {
        this.jdbc = jdbc;
        this.units = units;
        this.clock = clock;
        // Every Messenger send needs the page token: read the table once in a while, not per send.
        this.stored = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build(this::load);
    }

    /** Secrets from configuration only, no table (tests that build their units by hand). */
    public static UnitSecrets fromConfiguration(UnitDirectory units) {
        return new UnitSecrets(null, units, Clock.systemUTC()) {
            @Override
            public Optional<String> messengerPageToken(Unit unit) {
                return units.properties(unit.code()).map(UnitProperties::getMessenger)
                        .map(UnitProperties.Messenger::getPageAccessToken).filter(s -> !s.isBlank());
            }
        };
    }

    /** The page access token: the one set in the console, else units.<code>.messenger.page-access-token. */
    @Transactional
    public Optional<String> messengerPageToken(Unit unit) {
        return stored.get(new Key(unit.id(), MESSENGER_PAGE_TOKEN)).or(() -> units.properties(unit.code())
                .map(UnitProperties::getMessenger).map(UnitProperties.Messenger::getPageAccessToken).filter(s -> !s.isBlank()));
    }

    /** Whether the unit has this secret from the console (without reading it out). */
    @Transactional
    public boolean storedFor(Unit unit, String name) {
        return stored.get(new Key(unit.id(), name)).isPresent();
    }

    @Transactional
    public void set(Unit unit, String name, String value) {
        jdbc.prepareStatement("INSERT INTO unit_secret (unit_id, name, secret_value, updated_at) VALUES (?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE secret_value = VALUES(secret_value), updated_at = VALUES(updated_at)", ps -> {
            ps.setLong(1, unit.id());
            ps.setString(2, name);
            ps.setString(3, value);
            ps.setTimestamp(4, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        });
        stored.invalidate(new Key(unit.id(), name));
    }

    private Optional<String> load(Key key) {
        return jdbc.prepareStatement("SELECT secret_value FROM unit_secret WHERE unit_id = ? AND name = ?", ps -> {
            ps.setLong(1, key.unitId());
            ps.setString(2, key.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.<String>empty();
            }
        });
    }
}
