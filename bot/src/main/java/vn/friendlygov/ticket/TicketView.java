package vn.friendlygov.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** A ticket as the officials' API shows it (API.md); times are ISO-8601 with the +07:00 offset. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)   // "assignee": null on an unassigned case, not a missing key (API.md)
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
        List<Event> events,
        @JsonInclude(JsonInclude.Include.ALWAYS) List<Delivery> deliveries) {

    /**
     * A message sent or meant to be sent about the case (API.md): {@code kind} acknowledgement,
     * answer, status_update, rating_request, apology, assignment, reminder, escalation,
     * dissatisfaction; {@code to} "resident" or an official's username; {@code status} PENDING,
     * SENT, SKIPPED or FAILED, with {@code reason} for the last two.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)   // "reason": null for a message sent or pending
    public record Delivery(String kind, String to, String channel, String status, @Nullable String reason, String at) {
    }

    @Serdeable
    public record Event(String type, @Nullable String fromStatus, @Nullable String toStatus, String actor,
                        @Nullable String note, String at) {
    }
}
