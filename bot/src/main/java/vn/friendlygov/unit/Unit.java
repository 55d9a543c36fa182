package vn.friendlygov.unit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** An administrative unit (xã, phường, đặc khu) and its published local facts. */
@MappedEntity("unit")
public record Unit(
        @Id @GeneratedValue @Nullable Long id,
        String code,
        String name,
        boolean sample,
        @Nullable String province,
        @Nullable String chairmanName,
        @Nullable String chairmanTitle,
        @Nullable String address,
        @Nullable String officeHours,
        @Nullable String saturdayService,
        @Nullable String receptionSchedule,
        @Nullable String workSchedule,
        @Nullable String fastTrackDay,
        @Nullable String facilities,
        @Nullable String paymentMethods,
        @Nullable String hotline,
        @Nullable String phonesJson,
        @Nullable String areasJson,
        @Nullable String messengerPageId,
        @Nullable String zaloOaId,
        Instant createdAt,
        Instant updatedAt) {
}
