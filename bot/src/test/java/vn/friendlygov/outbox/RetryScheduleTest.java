package vn.friendlygov.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default retry budget outlasts a platform outage of hours, never waiting more than minutes between tries. */
class RetryScheduleTest {
    /** outbox.dispatcher.base-backoff's default. */
    static final Duration BASE = Duration.ofSeconds(2);

    /** How long a message that always fails keeps being retried, with the given jitter every time. */
    static Duration givenUpAfter(RetrySchedule s, double jitter, Duration[] longestGap, int[] tries) {
        Instant start = Instant.parse("2026-12-02T00:00:00Z");
        Instant now = start;
        int attempts = 1;
        while (true) {
            Optional<Instant> next = s.next(attempts, start, now, jitter);
            if (next.isEmpty()) {
                tries[0] = attempts;
                return Duration.between(start, now);
            }
            Duration gap = Duration.between(now, next.get());
            if (gap.compareTo(longestGap[0]) > 0) {
                longestGap[0] = gap;
            }
            now = next.get();
            attempts++;
        }
    }

    @Test
    void theDefaultBudgetCoversAnOutageOfSixHoursAndMoreWithGapsOfMinutes() {
        OutboxRetryConfig defaults = new OutboxRetryConfig();
        RetrySchedule s = new RetrySchedule(BASE, defaults.getMaxBackoff(), defaults.getBudget());
        for (double jitter : new double[]{0, 0.5, 0.999}) {
            Duration[] gap = {Duration.ZERO};
            int[] tries = {0};
            Duration total = givenUpAfter(s, jitter, gap, tries);
            assertTrue(total.compareTo(Duration.ofHours(6)) >= 0, "retried for " + total);
            assertTrue(total.compareTo(Duration.ofHours(12)) <= 0, "retried for " + total);
            assertTrue(gap[0].compareTo(Duration.ofMinutes(8)) <= 0, "longest wait " + gap[0]);
            assertTrue(tries[0] < 400, tries[0] + " tries");
        }
    }

    @Test
    void theFirstRetriesComeQuickly() {
        RetrySchedule s = new RetrySchedule(BASE, Duration.ofMinutes(5), Duration.ofHours(8));
        Instant now = Instant.parse("2026-12-02T00:00:00Z");
        assertTrue(s.next(1, now, now, 0.5).orElseThrow().equals(now.plusSeconds(2)));
        assertTrue(s.next(3, now, now, 0.5).orElseThrow().equals(now.plusSeconds(8)));
        assertTrue(s.next(40, now, now, 0.5).orElseThrow().equals(now.plus(Duration.ofMinutes(5))), "capped");
        assertTrue(s.next(2, now.minus(Duration.ofHours(8)), now, 0.5).isEmpty(), "budget spent");
    }
}
