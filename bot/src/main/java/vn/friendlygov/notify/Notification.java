package vn.friendlygov.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** One notification in an official's console list; unread while {@code readAt} is null. */
@MappedEntity("notification")
public record Notification(
        @Id @GeneratedValue @Nullable Long id,
        Long officialId,
        @Nullable Long unitId,
        String kind,
        String subject,
        String body,
        @Nullable String link,
        String dedupeKey,
        Instant createdAt,
        @Nullable Instant readAt) {
}
