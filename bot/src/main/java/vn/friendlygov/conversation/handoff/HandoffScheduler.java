package vn.friendlygov.conversation.handoff;

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

/** Escalates conversations left waiting, every handoff.check-interval. Off in tests (they call it themselves). */
@Singleton
@Requires(notEnv = Environment.TEST)
public class HandoffScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(HandoffScheduler.class);

    private final HandoffService handoff;
    private final TaskScheduler scheduler;
    private final HandoffSettings settings;

    public HandoffScheduler(HandoffService handoff, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, HandoffSettings settings) {
        this.handoff = handoff;
        this.scheduler = scheduler;
        this.settings = settings;
    }

    @EventListener
    void start(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(settings.getCheckInterval(), settings.getCheckInterval(), this::run);
    }

    void run() {
        try {
            int n = handoff.escalateOverdue();
            if (n > 0) {
                LOG.info("Handoff: {} conversations waiting too long escalated to leaders", n);
            }
        } catch (RuntimeException e) {
            LOG.warn("Handoff escalation run failed; the next run tries again", e);
        }
    }
}
