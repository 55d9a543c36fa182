package vn.friendlygov.broadcast;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Reasons;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.outbox.OutboxDispatcher;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves approved campaigns along, on every instance (all steps are safe to run twice at once):
 * SCHEDULED → RUNNING at their time; the audience expanded into outbox rows chunk by chunk
 * ({@link CampaignRepository#expandNext}, resumable); the Zalo Article broadcast sent once within
 * 06:00–21:59, at most one a day and the package's monthly number per OA; DONE when the broadcast
 * is settled and none of the campaign's outbox rows is pending. Sending itself is the outbox's.
 *
 * <p>The broadcast has no idempotency key and no look-up: it is claimed (PENDING → SENDING) in one
 * conditional UPDATE before the call, so two instances never both send it, and one left SENDING by a
 * crash is reported {@code in_doubt} after a while — at most once, never sent blindly again.
 */
@Singleton
public class CampaignRunner {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);
    static final String PACKAGE_CAP = "zalo_package_cap";
    static final String DAILY_CAP = "zalo_daily_cap";
    static final String NIGHT = "night_hours";

    private final CampaignRepository campaigns;
    private final CampaignService service;
    private final CampaignSettings settings;
    private final ZaloBroadcaster zalo;
    private final ZaloConfig zaloConfig;
    private final UnitDirectory units;
    private final OutboxDispatcher dispatcher;
    private final TaskScheduler scheduler;
    private final Clock clock;

    public CampaignRunner(CampaignRepository campaigns, CampaignService service, CampaignSettings settings, ZaloBroadcaster zalo,
                          ZaloConfig zaloConfig, UnitDirectory units, OutboxDispatcher dispatcher,
                          @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler, Clock clock) {
        this.campaigns = campaigns;
        this.service = service;
        this.settings = settings;
        this.zalo = zalo;
        this.zaloConfig = zaloConfig;
        this.units = units;
        this.dispatcher = dispatcher;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @EventListener
    void start(StartupEvent event) {
        scheduler.scheduleWithFixedDelay(settings.getRunInterval(), settings.getRunInterval(), this::runSafely);
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("Campaign run failed; trying again at the next tick", e);
        }
    }

    /** One pass over every campaign that has work (public for tests that drive time themselves). */
    public void runOnce() {
        Instant now = clock.instant();
        for (long id : campaigns.idsWithStatus(Campaign.SCHEDULED)) {
            campaigns.update("UPDATE campaign SET status = 'RUNNING', updated_at = ? WHERE id = ? AND status = 'SCHEDULED' "
                    + "AND scheduled_at <= ?", now, id, now);
        }
        for (long id : campaigns.idsWithStatus(Campaign.RUNNING)) {
            Campaign c = campaigns.find(id).orElse(null);
            if (c == null || !Campaign.RUNNING.equals(c.status())) {
                continue;
            }
            expand(c);
            broadcast(c);
            finishIfDone(id);
        }
    }

    private void expand(Campaign c) {
        if (c.expanded()) {
            return;
        }
        List<String> order = new ArrayList<>();
        if (c.channels().contains(Channels.ZALO) && settings.zaloPersonal()) {
            order.add(Channels.ZALO);
        }
        for (String ch : List.of(Channels.MESSENGER, Channels.WEB)) {
            if (c.channels().contains(ch)) {
                order.add(ch);
            }
        }
        String body = service.replyJson(service.render(c));
        Instant now = clock.instant();
        Instant openSince = now.minus(Duration.ofDays(settings.getWebOpenDays()));
        for (int i = 0; i < settings.getChunksPerTick(); i++) {
            boolean more = campaigns.expandNext(c.id(), order, settings.getChunkSize(), body, openSince, now);
            dispatcher.wakeUp();
            if (!more) {
                return;
            }
        }
    }

    private void broadcast(Campaign c) {
        Instant now = clock.instant();
        if (Campaign.B_SENDING.equals(c.zaloBroadcast())) {
            if (c.zaloBroadcastAt() != null && c.zaloBroadcastAt().plus(settings.getZaloBroadcastInDoubtAfter()).isBefore(now)) {
                LOG.warn("Campaign {}: the Zalo broadcast's outcome is unknown (claimed at {}); reported in_doubt, not sent again",
                        c.id(), c.zaloBroadcastAt());
                campaigns.update("UPDATE campaign SET zalo_broadcast = 'FAILED', zalo_reason = ? WHERE id = ? AND zalo_broadcast = 'SENDING'",
                        Reasons.IN_DOUBT, c.id());
            }
            return;
        }
        if (!Campaign.B_PENDING.equals(c.zaloBroadcast())) {
            return;
        }
        ZonedDateTime local = now.atZone(OfficeHours.ZONE);
        if (local.getHour() >= zaloConfig.getNightBanStartHour() || local.getHour() < zaloConfig.getNightBanEndHour()) {
            note(c, NIGHT);
            return;
        }
        Instant today = local.toLocalDate().atStartOfDay(OfficeHours.ZONE).toInstant();
        Instant month = local.toLocalDate().withDayOfMonth(1).atStartOfDay(OfficeHours.ZONE).toInstant();
        String sentSince = "SELECT COUNT(*) FROM campaign WHERE unit_id = ? AND zalo_broadcast IN ('SENT', 'SENDING') AND zalo_broadcast_at >= ?";
        if (campaigns.count(sentSince, c.unitId(), month) >= settings.getZaloMonthlyBroadcasts()) {
            campaigns.update("UPDATE campaign SET zalo_broadcast = 'SKIPPED', zalo_reason = ? WHERE id = ? AND zalo_broadcast = 'PENDING'",
                    PACKAGE_CAP, c.id());
            return;
        }
        if (campaigns.count(sentSince, c.unitId(), today) > 0) {
            note(c, DAILY_CAP);   // a follower gets at most one broadcast a day: tomorrow
            return;
        }
        Unit unit = units.byId(c.unitId()).orElse(null);
        if (unit == null) {
            return;
        }
        String articleId = c.zaloArticleId();
        if (articleId == null) {
            ZaloBroadcaster.Step step = zalo.createArticle(unit, c.title(), service.render(c));
            if (step instanceof ZaloBroadcaster.Step.Done done) {
                articleId = done.value();
                campaigns.update("UPDATE campaign SET zalo_article_id = ? WHERE id = ?", articleId, c.id());
            } else {
                settle(c, step);
                return;
            }
        }
        if (campaigns.update("UPDATE campaign SET zalo_broadcast = 'SENDING', zalo_broadcast_at = ? WHERE id = ? "
                + "AND zalo_broadcast = 'PENDING' AND status = 'RUNNING'", now, c.id()) == 0) {
            return;   // another instance took it, or it was paused or cancelled meanwhile
        }
        ZaloBroadcaster.Step step = zalo.broadcast(unit, articleId);
        if (step instanceof ZaloBroadcaster.Step.Done done) {
            campaigns.update("UPDATE campaign SET zalo_broadcast = 'SENT', zalo_message_id = ?, zalo_reason = NULL WHERE id = ?",
                    done.value(), c.id());
        } else if (step instanceof ZaloBroadcaster.Step.Failed f && Reasons.NETWORK.equals(f.code())) {
            LOG.warn("Campaign {}: the Zalo broadcast call broke off ({}); its outcome is unknown", c.id(), f.reason());
        } else {
            campaigns.update("UPDATE campaign SET zalo_broadcast = 'PENDING', zalo_broadcast_at = NULL WHERE id = ?", c.id());
            settle(c, step);
        }
    }

    /** A step that did not succeed: retried at the next tick when transient, failed for good otherwise. */
    private void settle(Campaign c, ZaloBroadcaster.Step step) {
        if (step instanceof ZaloBroadcaster.Step.Failed f && !f.retry()) {
            campaigns.update("UPDATE campaign SET zalo_broadcast = 'FAILED', zalo_reason = ? WHERE id = ? AND zalo_broadcast = 'PENDING'",
                    f.code(), c.id());
        } else {
            note(c, step instanceof ZaloBroadcaster.Step.Failed f ? f.code() : "article_processing");
        }
    }

    private void note(Campaign c, String reason) {
        campaigns.update("UPDATE campaign SET zalo_reason = ? WHERE id = ?", reason, c.id());
    }

    private void finishIfDone(long id) {
        campaigns.update("UPDATE campaign SET status = 'DONE', updated_at = ? WHERE id = ? AND status = 'RUNNING' AND expanded = TRUE "
                + "AND zalo_broadcast NOT IN ('PENDING', 'SENDING') AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.campaign_id = ? "
                + "AND o.status = 'PENDING')", clock.instant(), id, id);
    }
}
