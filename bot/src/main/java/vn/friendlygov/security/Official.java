package vn.friendlygov.security;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * A person who signs in: role OFFICIAL, LEADER or ADMIN; {@code fields} are the complaint categories
 * they handle; {@code email}, {@code zaloUserId}, {@code messengerPsid} where notifications reach
 * them; {@code mustChangePassword}: set by an administrator's set or reset, cleared by the official's
 * own change (until then only that change is allowed).
 */
@MappedEntity("official")
public record Official(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable Long unitId,
        String username,
        String passwordHash,
        String fullName,
        @Nullable String title,
        String role,
        @Nullable String fields,
        boolean onDuty,
        @Nullable String zaloUserId,
        @Nullable String messengerPsid,
        boolean active,
        Instant createdAt,
        @Nullable String email,
        @Nullable String team,
        boolean mustChangePassword) {
    public static final String OFFICIAL = "OFFICIAL";
    public static final String LEADER = "LEADER";
    public static final String ADMIN = "ADMIN";

    @Creator
    public Official {
    }

    /** The same account with a new password hash (and whether it must be changed at the next sign-in). */
    public Official withPassword(String newHash, boolean mustChange) {
        return new Official(id, unitId, username, newHash, fullName, title, role, fields, onDuty, zaloUserId, messengerPsid,
                active, createdAt, email, team, mustChange);
    }

    /** Without the notification e-mail, team and password-change flag (kept for existing callers). */
    public Official(@Nullable Long id, @Nullable Long unitId, String username, String passwordHash, String fullName,
                    @Nullable String title, String role, @Nullable String fields, boolean onDuty, @Nullable String zaloUserId,
                    @Nullable String messengerPsid, boolean active, Instant createdAt) {
        this(id, unitId, username, passwordHash, fullName, title, role, fields, onDuty, zaloUserId, messengerPsid, active,
                createdAt, null, null, false);
    }
}
