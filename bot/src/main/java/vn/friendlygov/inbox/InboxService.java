package vn.friendlygov.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.channel.Profiles;
import vn.friendlygov.outbox.OutboxDispatcher;
import vn.friendlygov.db.Deadlocks;
import vn.friendlygov.db.Lanes;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The durable inbox. A webhook stores its events here before it answers 200 (duplicates are
 * dropped by the unique key); handling then continues from the stored rows on a few
 * single-threaded lanes, one resident always on the same lane. A lane takes every resident
 * waiting on it at once and handles their events in one transaction: under a burst the batches
 * grow and the cost per event falls. Rows left behind by a crash are picked up at start-up and
 * every few seconds.
 */
@Singleton
public class InboxService {
    private static final Logger LOG = LoggerFactory.getLogger(InboxService.class);
    private static final int MAX_ATTEMPTS = 5;
    /** Residents per batch: enough to amortise a transaction, few enough to keep replies quick. */
    private static final int MAX_SENDERS = 64;
    /** An event younger than this may still be on its lane: the recovery leaves it alone. */
    private static final Duration IN_HAND = Duration.ofSeconds(5);

    private final InboxRepository inbox;
    private final InboxProcessor processor;
    private final OutboxDispatcher dispatcher;
    private final Profiles profiles;
    private final InboxWriter writer;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Lanes<PendingSender> lanes;
    private final TaskScheduler scheduler;
    private final Duration recoveryInterval;

    public InboxService(InboxRepository inbox, InboxProcessor processor, OutboxDispatcher dispatcher, Profiles profiles,
                        InboxWriter writer, Clock clock, MeterRegistry metrics,
                        InboxSettings settings, @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
        this.scheduler = scheduler;
        this.recoveryInterval = settings.getRecoveryInterval();
        this.inbox = inbox;
        this.processor = processor;
        this.dispatcher = dispatcher;
        this.profiles = profiles;
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
        this.lanes = new Lanes<>("inbox-lane", settings.getLanes(), MAX_SENDERS, batch -> handle(batch.stream().distinct().toList()));
    }

    /**
     * Stores the events and the rejected items (group commit with other requests; duplicates are
     * dropped), then queues the events' handling. Completes once they are stored: the webhook answers 200 only then.
     */
    public CompletableFuture<Void> accept(WebhookItems items) {
        return writer.store(items).thenRun(() -> items.events().stream().map(e -> new PendingSender(e.channel(), e.senderId()))
                .distinct().forEach(this::schedule));
    }

    private void schedule(PendingSender sender) {
        lanes.submit(sender, sender);
    }

    private void handle(List<PendingSender> senders) {
        try {
            InboxProcessor.Result result = Deadlocks.retry(() -> processor.process(senders));
            if (result.handled() > 0) {
                dispatcher.wakeUp();
                metrics.summary("inbox.batch.events").record(result.handled());
            }
            result.newNames().forEach(r -> profiles.fetchLater(r.unitId(), r.channel(), r.senderId()));
            if (result.more()) {
                senders.forEach(this::schedule);
            }
        } catch (RuntimeException e) {
            if (senders.size() > 1) {
                // One resident's event may be the cause: handle each alone so the others go through.
                senders.forEach(s -> handle(List.of(s)));
                return;
            }
            PendingSender s = senders.get(0);
            LOG.error("Inbox: handling a {} event failed; it stays pending and is retried", s.channel(), e);
            processor.recordFailure(s, MAX_ATTEMPTS, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        resume(Duration.ZERO);
        scheduler.scheduleWithFixedDelay(recoveryInterval, recoveryInterval, this::recover);
    }

    /** Picks up events that were stored but not handled: a crash after the 200, or a failed attempt. */
    void recover() {
        try {
            resume(IN_HAND);
        } catch (RuntimeException e) {
            // Keep the schedule alive: the next run tries again.
            LOG.warn("Inbox: recovery run failed", e);
        }
    }

    private void resume(Duration olderThan) {
        List<PendingSender> senders = inbox.pendingSenders(clock.instant().minus(olderThan));
        if (!senders.isEmpty()) {
            LOG.info("Inbox: resuming {} residents with unhandled events", senders.size());
        }
        senders.forEach(this::schedule);
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        lanes.close();
    }
}
