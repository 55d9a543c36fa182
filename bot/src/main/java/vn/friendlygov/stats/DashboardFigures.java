package vn.friendlygov.stats;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * What the leaders' dashboard shows for a period, beyond {@link StatsFigures}: the same counts split
 * by category, area and official, the cases overdue now, the dissatisfied residents' comments and the
 * unanswered questions with a conversation to propose them from. Every list is one aggregate query.
 */
public record DashboardFigures(StatsFigures totals, Breakdown all, List<Breakdown> byCategory, List<Breakdown> byArea,
                               List<Breakdown> byOfficial, long overdueNow, List<OverdueCase> overdue,
                               List<RatedCase> dissatisfied, List<UnansweredGroup> unanswered) {
    /**
     * One row of a split. {@code received}: filed in the period; {@code resolved}: answered in the
     * period (whenever filed); {@code answered} / {@code onTime}: of those received, answered, and
     * answered by their due date — the on-time rate of {@link StatsFigures.Tickets#onTimeRate()}.
     */
    public record Breakdown(@Nullable String key, long received, long resolved, long answered, long onTime, long overdue) {
        public double onTimeRate() {
            return StatsQueries.rate(onTime, answered);
        }
    }

    /** An open case past its due date, with who holds it (an official, else the department). */
    public record OverdueCase(String code, String unit, String category, @Nullable String area, String status,
                              @Nullable String holder, @Nullable String department, Instant dueAt) {
    }

    /** A case a resident rated, with their comment. */
    public record RatedCase(String code, String unit, String category, @Nullable String holder, @Nullable String comment, Instant ratedAt) {
    }

    /**
     * A question the bot could not answer (lower-cased, trimmed), how often it was asked, the latest
     * conversation it was asked in, and whether it was proposed for the knowledge base already.
     */
    public record UnansweredGroup(String text, long count, long conversationId, boolean suggested) {
    }
}
