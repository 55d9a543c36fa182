package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Whose figures and for which days, the same for the figures API and the console dashboard: a
 * LEADER their own unit, an ADMIN any unit (an ADMIN bound to a unit only that one); another unit
 * is 404, as if it did not exist. A period is whole local days, at most a year.
 */
@Singleton
public class StatsScope {
    public static final int MAX_DAYS = 366;

    private final UnitRepository units;
    private final Clock clock;

    public StatsScope(UnitRepository units, Clock clock) {
        this.units = units;
        this.clock = clock;
    }

    /** {@code unitId} and {@code code} null: every unit (an ADMIN of all units who named none). */
    public record Scope(@Nullable Long unitId, @Nullable String code) {
    }

    public record Period(LocalDate from, LocalDate to) {
    }

    public Scope scope(Official me, @Nullable String unit) {
        if (unit == null || unit.isBlank()) {
            if (CurrentOfficial.allUnits(me)) {
                return new Scope(null, null);
            }
            Unit own = units.findById(me.unitId()).orElseThrow();
            return new Scope(own.id(), own.code());
        }
        Unit u = units.findByCode(unit.strip()).orElse(null);
        if (u == null || !CurrentOfficial.seesUnit(me, u.id())) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "Không tìm thấy đơn vị '" + unit.strip() + "'.");
        }
        return new Scope(u.id(), u.code());
    }

    /** Today in Vietnam. */
    public LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE);
    }

    /** Defaults to the current month so far; at most a year so one request stays cheap. */
    public Period period(@Nullable String from, @Nullable String to) {
        LocalDate today = today();
        LocalDate f = date(from, "from", today.withDayOfMonth(1));
        LocalDate t = date(to, "to", today);
        if (t.isBefore(f)) {
            throw ApiException.badRequest("to phải sau hoặc bằng from.");
        }
        if (f.plusDays(MAX_DAYS).isBefore(t)) {
            throw ApiException.badRequest("Khoảng thời gian tối đa là " + MAX_DAYS + " ngày.");
        }
        return new Period(f, t);
    }

    private static LocalDate date(@Nullable String v, String name, LocalDate fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(v.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " phải có dạng YYYY-MM-DD (ví dụ 2026-11-01).");
        }
    }
}
