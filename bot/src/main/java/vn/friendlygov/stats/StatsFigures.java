package vn.friendlygov.stats;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** The leaders' figures of GET /api/v1/stats (API.md "Leaders' figures"); rates in 0–1. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)   // "byCategory": [] and "unit": null rather than missing keys (API.md)
public record StatsFigures(@Nullable String unit, String from, String to, Tickets tickets, Satisfaction satisfaction,
                           Questions questions, List<CategoryRow> byCategory, List<DayRow> byDay,
                           List<Unanswered> unanswered) {
    @Serdeable
    public record Tickets(long received, long resolved, long overdue, double onTimeRate) {
    }

    @Serdeable
    public record Satisfaction(long rated, long satisfied, long neutral, long dissatisfied, double rate) {
    }

    @Serdeable
    public record Questions(long total, long answered, long clarified, long fallback, long handedOver) {
    }

    @Serdeable
    public record CategoryRow(String category, long received, long overdue) {
    }

    @Serdeable
    public record DayRow(String date, long received, long resolved) {
    }

    @Serdeable
    public record Unanswered(String text, long count) {
    }
}
