package vn.friendlygov.unit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** Merges configuration into a stored unit without overwriting it (the database is the source of truth). */
final class UnitFacts {
    private UnitFacts() {
    }

    /**
     * The stored unit with its empty fields taken from configuration when {@code fill}; every field
     * configuration would have set differently (or filled, when not {@code fill}) is named in {@code ignored}.
     */
    static Unit fillEmpty(Unit s, Unit c, boolean fill, Instant now, List<String> ignored) {
        Merge m = new Merge(fill, ignored);
        Unit merged = new Unit(s.id(), s.code(), m.pick("name", s.name(), c.name()), s.sample(),
                m.pick("province", s.province(), c.province()),
                m.pick("chairman-name", s.chairmanName(), c.chairmanName()),
                m.pick("chairman-title", s.chairmanTitle(), c.chairmanTitle()),
                m.pick("address", s.address(), c.address()),
                m.pick("office-hours", s.officeHours(), c.officeHours()),
                m.pick("saturday-service", s.saturdayService(), c.saturdayService()),
                m.pick("reception-schedule", s.receptionSchedule(), c.receptionSchedule()),
                m.pick("work-schedule", s.workSchedule(), c.workSchedule()),
                m.pick("fast-track-day", s.fastTrackDay(), c.fastTrackDay()),
                m.pick("facilities", s.facilities(), c.facilities()),
                m.pick("payment-methods", s.paymentMethods(), c.paymentMethods()),
                m.pick("hotline", s.hotline(), c.hotline()),
                m.pick("phones", s.phonesJson(), c.phonesJson()),
                m.pick("areas", s.areasJson(), c.areasJson()),
                m.pick("messenger.page-id", s.messengerPageId(), c.messengerPageId()),
                m.pick("zalo.oa-id", s.zaloOaId(), c.zaloOaId()),
                s.createdAt(), s.updatedAt(), s.active(),
                m.pick("web-chat.allowed-origins", s.webChatOriginsJson(), c.webChatOriginsJson()),
                s.editedAt(), s.routingEditedAt());
        return m.changed ? withUpdatedAt(merged, now) : s;
    }

    static Unit withUpdatedAt(Unit u, Instant now) {
        return new Unit(u.id(), u.code(), u.name(), u.sample(), u.province(), u.chairmanName(), u.chairmanTitle(), u.address(),
                u.officeHours(), u.saturdayService(), u.receptionSchedule(), u.workSchedule(), u.fastTrackDay(), u.facilities(),
                u.paymentMethods(), u.hotline(), u.phonesJson(), u.areasJson(), u.messengerPageId(), u.zaloOaId(),
                u.createdAt(), now, u.active(), u.webChatOriginsJson(), u.editedAt(), u.routingEditedAt());
    }

    private static final class Merge {
        final boolean fill;
        final List<String> ignored;
        boolean changed;

        Merge(boolean fill, List<String> ignored) {
            this.fill = fill;
            this.ignored = ignored;
        }

        String pick(String field, String stored, String configured) {
            if (blank(configured) || Objects.equals(stored, configured)) {
                return stored;
            }
            if (blank(stored) && fill) {
                changed = true;
                return configured;
            }
            ignored.add(field);
            return stored;
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }
}
