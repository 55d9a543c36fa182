package vn.friendlygov.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;
import java.util.Map;

/**
 * A unit as administrators see it. Secrets are never in it: {@code secrets} only says which are set
 * ({@code "console"}: set in the console, {@code "configuration"}: from the environment, {@code "none"}).
 */
@Serdeable
public record UnitView(String code, String name, boolean sample, boolean active, @Nullable String province,
                       @Nullable String chairmanName, @Nullable String chairmanTitle, @Nullable String address,
                       @Nullable String officeHours, @Nullable String saturdayService, @Nullable String receptionSchedule,
                       @Nullable String workSchedule, @Nullable String fastTrackDay, @Nullable String facilities,
                       @Nullable String paymentMethods, @Nullable String hotline, List<Map<String, String>> phones,
                       List<String> areas, @Nullable String messengerPageId, @Nullable String zaloOaId,
                       List<String> webChatAllowedOrigins, Map<String, String> secrets, @Nullable String editedAt,
                       String updatedAt) {
}
