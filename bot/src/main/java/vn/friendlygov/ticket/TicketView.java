package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A ticket as the officials' API shows it (API.md); times are ISO-8601 with the +07:00 offset. */
@Serdeable
public record TicketView(
        String code,
        String unit,
        String status,
        String kind,
        String category,
        String categoryName,
        @Nullable String area,
        String summary,
        String description,
        @Nullable String department,
        @Nullable String assignee,
        @Nullable String assigneeName,
        @Nullable String phone,
        @Nullable String photoUrl,
        @Nullable Double latitude,
        @Nullable Double longitude,
        String channel,
        String createdAt,
        String dueAt,
        boolean overdue,
        /** True when dueAt was counted across a year whose holiday schedule is not loaded; absent otherwise. */
        @Nullable Boolean dueProvisional,
        @Nullable String answer,
        @Nullable String answeredAt,
        @Nullable String rating,
        @Nullable String ratingComment,
        boolean flagged,
        @Nullable String reason,
        @Nullable String forwardedTo,
        List<Event> events) {

    @Serdeable
    public record Event(String type, @Nullable String fromStatus, @Nullable String toStatus, String actor,
                        @Nullable String note, String at) {
    }
}
