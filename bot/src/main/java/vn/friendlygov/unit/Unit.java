package vn.friendlygov.unit;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/**
 * An administrative unit (xã, phường, đặc khu) and its published local facts. {@code active}: false
 * switches the unit off (no chat, webhooks ignored); {@code webChatOriginsJson}: the websites whose
 * chat box may call the chat API; {@code editedAt}: when an administrator last edited it in the
 * console (configuration no longer fills it from then on).
 */
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
        Instant updatedAt,
        boolean active,
        @Nullable String webChatOriginsJson,
        @Nullable Instant editedAt,
        @Nullable Instant routingEditedAt) {

    @Creator
    public Unit {
    }

    /** An active unit, never edited in the console (kept for existing callers). */
    public Unit(@Nullable Long id, String code, String name, boolean sample, @Nullable String province,
                @Nullable String chairmanName, @Nullable String chairmanTitle, @Nullable String address,
                @Nullable String officeHours, @Nullable String saturdayService, @Nullable String receptionSchedule,
                @Nullable String workSchedule, @Nullable String fastTrackDay, @Nullable String facilities,
                @Nullable String paymentMethods, @Nullable String hotline, @Nullable String phonesJson,
                @Nullable String areasJson, @Nullable String messengerPageId, @Nullable String zaloOaId,
                Instant createdAt, Instant updatedAt) {
        this(id, code, name, sample, province, chairmanName, chairmanTitle, address, officeHours, saturdayService,
                receptionSchedule, workSchedule, fastTrackDay, facilities, paymentMethods, hotline, phonesJson, areasJson,
                messengerPageId, zaloOaId, createdAt, updatedAt, true, null, null, null);
    }
}
