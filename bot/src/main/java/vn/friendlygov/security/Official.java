package vn.friendlygov.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A person who signs in: role OFFICIAL, LEADER or ADMIN; {@code fields} are the complaint categories they handle. */
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
        Instant createdAt) {
    public static final String OFFICIAL = "OFFICIAL";
    public static final String LEADER = "LEADER";
    public static final String ADMIN = "ADMIN";
}
