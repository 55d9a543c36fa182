package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.notify.NotificationKind;
import vn.friendlygov.notify.OfficialNotifier;
import vn.friendlygov.security.Official;
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
    private final Clock clock;
    private final String instance = "instance-" + UUID.randomUUID();

    public TicketJobs(JobLeases leases, TicketRepository tickets, TicketService service, Routing routing, OfficialNotifier notifier,
                      TicketTexts texts, UnitRepository units, TicketSettings settings, Clock clock) {
        this.leases = leases;
        this.tickets = tickets;
        this.service = service;
        this.routing = routing;
        this.notifier = notifier;
        this.texts = texts;
        this.units = units;
        this.settings = settings;
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
     * the seven days before it: new, answered, on-time rate, open overdue, satisfaction.
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
        Instant from = at.minusWeeks(1).toInstant();
        Instant to = at.toInstant();
        List<Ticket> all = tickets.findByUnitIdOrderByCreatedAtDesc(unit.id());
        long created = all.stream().filter(t -> in(t.getCreatedAt(), from, to)).count();
        List<Ticket> answered = all.stream().filter(t -> t.getAnsweredAt() != null && in(t.getAnsweredAt(), from, to)).toList();
        long onTime = answered.stream().filter(t -> !t.getAnsweredAt().isAfter(t.getDueAt())).count();
        long overdue = all.stream().filter(t -> t.statusValue().isOpen() && t.getDueAt().isBefore(to)).count();
        List<Ticket> rated = all.stream().filter(t -> t.getRatedAt() != null && in(t.getRatedAt(), from, to)).toList();
        long satisfied = rated.stream().filter(t -> TicketService.HAI_LONG.equals(t.getRating())).count();
        Map<String, Object> values = new HashMap<>();
        values.put("from", TicketTexts.date(from));
        values.put("to", TicketTexts.date(to.minusSeconds(1)));
        values.put("created", created);
        values.put("resolved", answered.size());
        values.put("onTimeRate", percent(onTime, answered.size()));
        values.put("overdue", overdue);
        values.put("satisfactionRate", percent(satisfied, rated.size()));
        String text = texts.render("tickets.digest", unit, values);
        String subject = "[" + unit.name() + "] Báo cáo tuần phản ánh, kiến nghị " + values.get("from") + " – " + values.get("to");
        for (Official leader : leaders) {
            // The console list and e-mail always; Zalo or Messenger while the leader's window is open.
            notifier.notify(leader.id(), NotificationKind.DIGEST, subject, text, "/console/dashboard", keyPrefix + leader.id());
        }
        LOG.info("Weekly complaints digest for unit {} ({} – {}) queued", unit.code(), from, to);
    }

    private static boolean in(Instant t, Instant from, Instant to) {
        return !t.isBefore(from) && t.isBefore(to);
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "chưa có số liệu" : Math.round(100.0 * part / whole) + "% (" + part + "/" + whole + ")";
    }
}
