package vn.friendlygov.ticket;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

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
    private final TaskScheduler scheduler;
    private final TicketSettings settings;

    public TicketScheduler(TicketJobs jobs, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, TicketSettings settings) {
        this.jobs = jobs;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @EventListener
    void start(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(Duration.ofSeconds(30), settings.getScheduler().getInterval(), this::run);
    }

    void run() {
        try {
            jobs.runOnce();
        } catch (RuntimeException e) {
            LOG.warn("Complaint follow-up run failed; the next run picks up where it stopped", e);
        }
    }
}
