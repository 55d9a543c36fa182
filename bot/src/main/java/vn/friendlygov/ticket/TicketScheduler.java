package vn.friendlygov.ticket;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link TicketJobs} every {@code tickets.scheduler.interval}. Off in tests (they move the
 * clock and call the jobs themselves) and when {@code tickets.scheduler.enabled} is false.
 */
@Singleton
@Requires(notEnv = Environment.TEST)
@Requires(property = "tickets.scheduler.enabled", notEquals = "false")
public class TicketScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(TicketScheduler.class);

    private final TicketJobs jobs;

    public TicketScheduler(TicketJobs jobs) {
        this.jobs = jobs;
    }

    @Scheduled(fixedDelay = "${tickets.scheduler.interval:1m}", initialDelay = "30s")
    void run() {
        try {
            jobs.runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Complaint follow-up run failed; the next run picks up where it stopped", e);
        }
    }
}
