package vn.friendlygov.unit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.micronaut.core.type.Argument;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.BotSettings;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds units by code, page id or OA id. A unit in configuration is created in the database at its
 * first start; after that the database is the source of truth: configuration only fills fields that
 * are still empty, and nothing once the unit was edited in the console. Lookups are cached briefly
 * per instance (edits here invalidate at once).
 */
@Singleton
public class UnitDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(UnitDirectory.class);

    private final UnitRepository repository;
    private final Collection<UnitProperties> configured;
    private final ObjectMapper json;
    private final String defaultUnit;
    private final LoadingCache<String, Optional<Unit>> byCode;
    /**
     * Every webhook names its page or OA: look them up once in a while, not on every event. Refreshed
     * in the background (the webhooks run on the event loop and must not wait for the database):
     * the configured units' are loaded at start-up; only the first lookup of an id that no configured
     * unit has reads the database on the caller's thread.
     */
    private final LoadingCache<String, Optional<Unit>> byPage;
    private final LoadingCache<String, Optional<Unit>> byOa;
    /** Every stored event and outbox row names its unit by id. */
    private final LoadingCache<Long, Optional<Unit>> byId;
    private static final String ALL = "all";
    private final LoadingCache<String, Set<String>> origins;
    private boolean bootstrapped;

    /** Every unit given is configured (tests that build their units by hand). */
    public UnitDirectory(UnitRepository repository, Collection<UnitProperties> configured, ObjectMapper json, String defaultUnit) {
        this(repository, configured, configured.stream().map(UnitProperties::getCode).toList(), json, defaultUnit);
    }

    @Inject
    public UnitDirectory(UnitRepository repository, Collection<UnitProperties> configured, UnitCodes codes,
                         ObjectMapper json, BotSettings settings) {
        this(repository, configured, codes.codes(), json, settings.getDefaultUnit());
    }

    private UnitDirectory(UnitRepository repository, Collection<UnitProperties> configured, Collection<String> codes,
                          ObjectMapper json, String defaultUnit) {
        this.repository = repository;
        // @EachProperty also binds the other readings of an environment variable (units.vinh for UNITS_VINH_BAO_NAME).
        this.configured = configured.stream().filter(p -> codes.contains(p.getCode())).toList();
        this.json = json;
        this.defaultUnit = defaultUnit;
        this.byCode = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30))
                .build(repository::findByCode);
        this.byPage = Caffeine.newBuilder().maximumSize(10_000).refreshAfterWrite(Duration.ofSeconds(30))
                .build(repository::findByMessengerPageId);
        this.byOa = Caffeine.newBuilder().maximumSize(10_000).refreshAfterWrite(Duration.ofSeconds(30))
                .build(repository::findByZaloOaId);
        this.byId = Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30))
                .build(repository::findById);
        this.origins = Caffeine.newBuilder().refreshAfterWrite(Duration.ofSeconds(30)).build(k -> loadOrigins());
    }

    @EventListener
    void bootstrap(StartupEvent event) {
        ensureBootstrapped();
    }

    /**
     * Writes the configured units to the database, once. Other start-up listeners that need the units
     * (the Zalo token seed) call this first: the order in which start-up listeners run is not fixed.
     */
    public synchronized void ensureBootstrapped() {
        if (bootstrapped) {
            return;
        }
        checkIdsUnique();
        for (UnitProperties p : configured) {
            upsert(p);
        }
        // Loaded here, on the start-up thread: the webhooks, on the event loop, then only read the caches.
        for (UnitProperties p : configured) {
            Optional.ofNullable(blankToNull(p.getMessenger().getPageId())).ifPresent(byPage::get);
            Optional.ofNullable(blankToNull(p.getZalo().getOaId())).ifPresent(byOa::get);
        }
        origins.put(ALL, loadOrigins());
        if (!defaultUnit.isBlank() && repository.findByCode(defaultUnit).isEmpty()) {
            throw new IllegalStateException("bot.default-unit '" + defaultUnit + "' is not a configured unit (units.<code>)");
        }
        bootstrapped = true;
    }

    /** A page or OA selects its unit: two units with one id would be a database error, or the wrong unit's replies. */
    private void checkIdsUnique() {
        Map<String, String> pages = new HashMap<>();
        Map<String, String> oas = new HashMap<>();
        for (UnitProperties p : configured) {
            String page = blankToNull(p.getMessenger().getPageId());
            String oa = blankToNull(p.getZalo().getOaId());
            if (page != null && pages.putIfAbsent(page, p.getCode()) != null) {
                throw clash(p.getCode(), "messenger.page-id", page, pages.get(page));
            }
            if (oa != null && oas.putIfAbsent(oa, p.getCode()) != null) {
                throw clash(p.getCode(), "zalo.oa-id", oa, oas.get(oa));
            }
        }
    }

    private static IllegalStateException clash(String code, String key, String id, String otherCode) {
        return new IllegalStateException("units." + code + "." + key + " '" + id + "' is already unit " + otherCode
                + "'s; each Messenger page and Zalo OA belongs to one unit");
    }

    private void upsert(UnitProperties p) {
        if (p.getName() == null || p.getName().isBlank()) {
            throw new IllegalStateException("units." + p.getCode() + ".name is required");
        }
        String page = blankToNull(p.getMessenger().getPageId());
        String oa = blankToNull(p.getZalo().getOaId());
        // A unit stored earlier (another configuration, or added in the console) may hold the id.
        Optional.ofNullable(page).flatMap(repository::findByMessengerPageId).filter(u -> !u.code().equals(p.getCode()))
                .ifPresent(u -> { throw clash(p.getCode(), "messenger.page-id", page, u.code()); });
        Optional.ofNullable(oa).flatMap(repository::findByZaloOaId).filter(u -> !u.code().equals(p.getCode()))
                .ifPresent(u -> { throw clash(p.getCode(), "zalo.oa-id", oa, u.code()); });
        List<String> origins = WebOrigins.check("units." + p.getCode() + ".web-chat.allowed-origins", p.getWebChat().getAllowedOrigins());
        Instant now = Instant.now();
        Optional<Unit> existing = repository.findByCode(p.getCode());
        Unit configured = new Unit(null, p.getCode(), p.getName(), p.isSample(),
                p.getProvince(), p.getChairmanName(), p.getChairmanTitle(), p.getAddress(), p.getOfficeHours(),
                p.getSaturdayService(), p.getReceptionSchedule(), p.getWorkSchedule(), p.getFastTrackDay(),
                p.getFacilities(), p.getPaymentMethods(), blankToNull(p.getHotline()), emptyToNull(p.getPhones()),
                emptyToNull(p.getAreas()), page, oa, now, now, true, emptyToNull(origins), null, null);
        if (existing.isEmpty()) {
            repository.save(configured);
            LOG.info("Unit {} ({}) created from configuration{}", configured.code(), configured.name(),
                    configured.sample() ? " [SAMPLE DATA]" : "");
        } else {
            // The database is the source of truth: configuration only fills what is still empty, and
            // nothing at all once an administrator edited the unit in the console.
            Unit stored = existing.get();
            List<String> ignored = new ArrayList<>();
            Unit merged = UnitFacts.fillEmpty(stored, configured, stored.editedAt() == null, now, ignored);
            if (!merged.equals(stored)) {
                repository.update(merged);
            }
            if (!ignored.isEmpty()) {
                LOG.warn("units.{}: configuration differs from the stored unit in {}; the stored values are used{}",
                        p.getCode(), String.join(", ", ignored), stored.editedAt() != null
                                ? " (edited in the console)" : " (change them in the console)");
            }
        }
        invalidate();
    }

    /** Forgets every cached unit after a change (this instance at once; the others within 30 s). */
    public void invalidate() {
        byCode.invalidateAll();
        byId.invalidateAll();
        byPage.invalidateAll();
        byOa.invalidateAll();
        origins.put(ALL, loadOrigins());
    }

    /**
     * The web-chat origins of every active unit (a preflight names no unit, so CORS allows their union);
     * read without waiting for the database (ChatCors runs on the event loop), refreshed in the background.
     */
    public Set<String> allowedOrigins() {
        return origins.get(ALL);
    }

    private Set<String> loadOrigins() {
        Set<String> all = new HashSet<>();
        for (Unit u : repository.findAll()) {
            if (u.active()) {
                all.addAll(webChatOrigins(u));
            }
        }
        return Set.copyOf(all);
    }

    public List<String> webChatOrigins(Unit unit) {
        return unit.webChatOriginsJson() == null ? List.of() : fromJson(unit.webChatOriginsJson(), Argument.listOf(String.class));
    }

    /** A switched-off unit answers nothing: it is not found by code, page or OA (stored rows still name it by id). */
    private static Optional<Unit> activeOnly(Optional<Unit> unit) {
        return unit.filter(Unit::active);
    }

    public Optional<Unit> byCode(String code) {
        return activeOnly(byCode.get(code));
    }

    /** The unit a request names, or the deployment's default when it names none. */
    public Optional<Unit> resolve(String codeOrNull) {
        return byCode(codeOrNull == null || codeOrNull.isBlank() ? defaultUnit : codeOrNull);
    }

    public Optional<Unit> byId(long id) {
        return byId.get(id);
    }

    public Optional<Unit> byMessengerPage(String pageId) {
        return activeOnly(byPage.get(pageId));
    }

    public Optional<Unit> byZaloOa(String oaId) {
        return activeOnly(byOa.get(oaId));
    }

    public Optional<UnitProperties> properties(String code) {
        return configured.stream().filter(p -> p.getCode().equals(code)).findFirst();
    }

    public List<String> areas(Unit unit) {
        return unit.areasJson() == null ? List.of() : fromJson(unit.areasJson(), Argument.listOf(String.class));
    }

    public List<Map<String, String>> phones(Unit unit) {
        return unit.phonesJson() == null ? List.of()
                : fromJson(unit.phonesJson(), Argument.listOf(Argument.mapOf(String.class, String.class)));
    }

    /** JSON for a stored list; null for an empty one (an empty column is one configuration may fill). */
    public String emptyToNull(List<?> values) {
        return values == null || values.isEmpty() ? null : toJson(values);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private <T> T fromJson(String text, Argument<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
