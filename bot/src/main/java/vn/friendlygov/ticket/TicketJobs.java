package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.console.DashboardPage;
import vn.friendlygov.notify.NotificationKind;
import vn.friendlygov.notify.OfficialNotifier;
import vn.friendlygov.security.Official;
import vn.friendlygov.stats.StatsQueries;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The scheduled work: reminders, apology letters, escalations and the weekly digest. One instance
 * at a time (the "tickets" database lease); each case is handled in its own transaction and every
 * message has a dedupe key, so a run cut short by a crash is simply finished by the next one.
 */
@Singleton
public class TicketJobs {
    static final String LEASE = "tickets";
    private static final Logger LOG = LoggerFactory.getLogger(TicketJobs.class);

    private final JobLeases leases;
    private final TicketRepository tickets;
    private final TicketService service;
    private final Routing routing;
    private final OfficialNotifier notifier;
    private final TicketTexts texts;
    private final UnitRepository units;
    private final TicketSettings settings;
    private final StatsQueries stats;
    private final Clock clock;
    private final String instance = "instance-" + UUID.randomUUID();

    public TicketJobs(JobLeases leases, TicketRepository tickets, TicketService service, Routing routing, OfficialNotifier notifier,
                      TicketTexts texts, UnitRepository units, TicketSettings settings, StatsQueries stats, Clock clock) {
        this.leases = leases;
        this.tickets = tickets;
        this.service = service;
        this.routing = routing;
        this.notifier = notifier;
        this.texts = texts;
        this.units = units;
        this.settings = settings;
        this.stats = stats;
        this.clock = clock;
    }

    /** One run; false when another instance holds the lease. */
    public boolean runOnce() {
        if (!leases.acquire(LEASE, instance, settings.getScheduler().getLease())) {
            return false;
        }
        try {
            Instant now = clock.instant();
            for (Ticket t : tickets.findFollowUpCandidates(now)) {
                service.followUp(t.getId(), now);
            }
            for (Unit unit : units.findAll()) {
                digest(unit, now);
            }
            return true;
        } finally {
            leases.release(LEASE, instance);
        }
    }

    /**
     * The weekly digest for the unit's leaders, from the configured weekday and time on, covering
     * the seven days before it: new, answered, on-time rate, overdue now, satisfaction; with a link to
     * the dashboard for that week.
     */
    void digest(Unit unit, Instant now) {
        ZonedDateTime local = now.atZone(OfficeHours.ZONE);
        LocalDate day = local.toLocalDate().with(TemporalAdjusters.previousOrSame(settings.getDigest().getDayOfWeek()));
        ZonedDateTime at = day.atTime(settings.getDigest().getTime()).atZone(OfficeHours.ZONE);
        if (local.isBefore(at)) {
            at = at.minusWeeks(1);
        }
        List<Official> leaders = routing.leaders(unit.id());
        String keyPrefix = "digest:" + unit.id() + ":" + at.toLocalDate() + ":";
        // Sent before notifications had their own table, a digest is only in the outbox.
        if (leaders.isEmpty() || leaders.stream().allMatch(o -> notifier.exists(keyPrefix + o.id())
                || tickets.outboxCount(keyPrefix + o.id()) > 0)) {
            return;
        }
        // The seven whole days before the digest's day, as the dashboard counts them (SQL aggregates).
        LocalDate to = at.toLocalDate().minusDays(1);
        LocalDate from = to.minusDays(6);
        StatsQueries.Summary week = stats.summary(unit.id(), from, to, now);
        Map<String, Object> values = new HashMap<>();
        values.put("from", TicketTexts.date(from));
        values.put("to", TicketTexts.date(to));
        values.put("created", week.cases().received());
        values.put("resolved", week.cases().resolved());
        values.put("onTimeRate", percent(week.cases().onTime(), week.cases().answered()));
        values.put("overdue", week.overdueNow());
        values.put("satisfactionRate", percent(week.satisfaction().satisfied(), week.satisfaction().rated()));
        String text = texts.render("tickets.digest", unit, values);
        String subject = "[" + unit.name() + "] Báo cáo tuần phản ánh, kiến nghị " + values.get("from") + " – " + values.get("to");
        String link = DashboardPage.href(unit.code(), from, to);
        for (Official leader : leaders) {
            // The console list and e-mail always; Zalo or Messenger while the leader's window is open.
            notifier.notify(leader.id(), NotificationKind.DIGEST, subject, text, link, keyPrefix + leader.id());
        }
        LOG.info("Weekly complaints digest for unit {} ({} – {}) queued", unit.code(), from, to);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "chưa có số liệu" : Math.round(100.0 * part / whole) + "% (" + part + "/" + whole + ")";
    }
}
