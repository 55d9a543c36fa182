package vn.friendlygov.conversation;

import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The values templates may use under {@code unit.*}; empty values stay empty (templates decide). */
public final class UnitContext {
    // Rendering happens on every answer: build each unit's map once, refresh it briefly after edits.
    private static final Cache<Unit, Map<String, Object>> CACHE = Caffeine.newBuilder()
            .maximumSize(1000).expireAfterWrite(Duration.ofSeconds(30)).build();

    /** The names under {@code unit.} (templates are checked against them at start-up). */
    public static final Set<String> FIELDS = Set.copyOf(((Map<?, ?>) build(new Unit(null, "", "", false, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, Instant.EPOCH, Instant.EPOCH),
            List.of(), List.of()).get("unit")).keySet().stream().map(String::valueOf).toList());

    private UnitContext() {
    }

    public static Map<String, Object> of(Unit unit, UnitDirectory units) {
        return CACHE.get(unit, u -> build(u, units.phones(u), units.areas(u)));
    }

    private static Map<String, Object> build(Unit unit, List<Map<String, String>> phones, List<String> areas) {
        Map<String, Object> m = new HashMap<>();
        m.put("code", unit.code());
        m.put("name", unit.name());
        m.put("sample", unit.sample());
        m.put("province", nz(unit.province()));
        m.put("chairmanName", nz(unit.chairmanName()));
        m.put("chairmanTitle", nz(unit.chairmanTitle()));
        m.put("address", nz(unit.address()));
        m.put("officeHours", nz(unit.officeHours()));
        m.put("saturdayService", nz(unit.saturdayService()));
        m.put("receptionSchedule", nz(unit.receptionSchedule()));
        m.put("workSchedule", nz(unit.workSchedule()));
        m.put("fastTrackDay", nz(unit.fastTrackDay()));
        m.put("facilities", nz(unit.facilities()));
        m.put("paymentMethods", nz(unit.paymentMethods()));
        m.put("hotline", nz(unit.hotline()));
        m.put("phones", phones);
        m.put("areas", areas);
        return Map.of("unit", m);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
