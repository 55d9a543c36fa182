package vn.friendlygov.ticket;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link TicketJobs} every {@code tickets.scheduler.interval}; tests switch it off and call the jobs themselves. */
@Singleton
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
