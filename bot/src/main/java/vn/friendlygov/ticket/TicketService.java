package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationRepository;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.letter.Letters;
import vn.friendlygov.notify.NotificationKind;
import vn.friendlygov.notify.OfficialNotifier;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The life of a case: creation with its code, route and deadline; the officials' moves; the
 * scheduled follow-up; the resident's rating. Every change is an event, every message an outbox row.
 */
@Singleton
public class TicketService {
    public static final String HAI_LONG = "HAI_LONG";
    public static final String BINH_THUONG = "BINH_THUONG";
    public static final String KHONG_HAI_LONG = "KHONG_HAI_LONG";
    static final List<String> RATINGS = List.of(HAI_LONG, BINH_THUONG, KHONG_HAI_LONG);

    public record Intake(TicketKind kind, String description, @Nullable String area, @Nullable Double latitude,
                         @Nullable Double longitude, @Nullable String photoUrl, @Nullable String phone) {
    }

    private final TicketRepository tickets;
    private final TicketEventRepository events;
    private final TicketCatalog catalog;
    private final Routing routing;
    private final Outbox outbox;
    private final TicketTexts texts;
    private final UnitRepository units;
    private final OfficialRepository officials;
    private final ConversationRepository conversations;
    private final FlowStates states;
    private final HolidayCalendar calendar;
    private final TicketSettings settings;
    private final TicketPolicy policy;
    private final TicketCodes codes;
    private final AuditLog audit;
    private final OfficialNotifier notifier;
    private final Letters letters;

    public TicketService(TicketRepository tickets, TicketEventRepository events, TicketCatalog catalog, Routing routing,
                         Outbox outbox, TicketTexts texts, UnitRepository units, OfficialRepository officials,
                         ConversationRepository conversations, FlowStates states, HolidayCalendar calendar,
                         TicketSettings settings, TicketCodes codes, AuditLog audit,
                         OfficialNotifier notifier, Letters letters, TicketPolicy policy) {
        this.policy = policy;
        this.tickets = tickets;
        this.events = events;
        this.catalog = catalog;
        this.routing = routing;
        this.outbox = outbox;
        this.texts = texts;
        this.units = units;
        this.officials = officials;
        this.conversations = conversations;
        this.states = states;
        this.calendar = calendar;
        this.settings = settings;
        this.codes = codes;
        this.audit = audit;
        this.notifier = notifier;
        this.letters = letters;
    }

    // ---- intake ----

    /** New cases the resident filed today (Vietnamese calendar day). */
    public long countToday(Unit unit, String channel, String channelUserId, Instant now) {
        Instant midnight = now.atZone(OfficeHours.ZONE).toLocalDate().atStartOfDay(OfficeHours.ZONE).toInstant();
        return tickets.countByUnitIdAndChannelAndChannelUserIdAndCreatedAtGreaterThanEquals(unit.id(), channel, channelUserId, midnight);
    }

    /** Which of today's new-case limits a new case would pass, if any: the resident's, the address's, the unit's. */
    public enum NewCaseLimit { RESIDENT, ADDRESS, UNIT }

    public Optional<NewCaseLimit> newCaseLimit(Unit unit, Conversation c, @Nullable String clientAddress, Instant now) {
        Instant midnight = now.atZone(OfficeHours.ZONE).toLocalDate().atStartOfDay(OfficeHours.ZONE).toInstant();
        if (countToday(unit, c.getChannel(), c.getChannelUserId(), now) >= settings.getMaxNewPerResidentPerDay()) {
            return Optional.of(NewCaseLimit.RESIDENT);
        }
        if (clientAddress != null
                && tickets.countByClientAddressAndCreatedAtGreaterThanEquals(clientAddress, midnight) >= settings.getMaxNewPerAddressPerDay()) {
            return Optional.of(NewCaseLimit.ADDRESS);
        }
        if (tickets.countByUnitIdAndCreatedAtGreaterThanEquals(unit.id(), midnight) >= settings.getMaxNewPerUnitPerDay()) {
            return Optional.of(NewCaseLimit.UNIT);
        }
        return Optional.empty();
    }

    @Transactional
    public Ticket create(Unit unit, Conversation c, Intake in, Instant now) {
        return create(unit, c, in, null, now);
    }

    /** {@code clientAddress}: where a web-chat case came from (for {@link #newCaseLimit}); null on the platforms. */
    @Transactional
    public Ticket create(Unit unit, Conversation c, Intake in, @Nullable String clientAddress, Instant now) {
        String category = catalog.classify(in.description());
        // The law fixes formal complaints' deadlines; the unit's own deadline of the category, else configuration's.
        Deadline deadline = in.kind() == TicketKind.KHIEU_NAI || in.kind() == TicketKind.TO_CAO
                ? catalog.deadline(unit, category, in.kind())
                : policy.deadline(unit.id(), category).orElseGet(() -> catalog.deadline(unit, category, in.kind()));
        ZonedDateTime received = now.atZone(OfficeHours.ZONE);
        Instant due = catalog.officeHours(unit).dueAt(received, deadline.amount(), deadline.unit()).toInstant();
        Routing.Route route = routing.route(unit.id(), category, in.area());

        Ticket t = new Ticket();
        t.setUnitId(unit.id());
        t.setCode(codes.next(unit.id(), received.getYear()));
        t.setKind(in.kind().name());
        t.setCategory(category);
        t.setArea(in.area());
        t.setDescription(in.description());
        t.setLatitude(in.latitude());
        t.setLongitude(in.longitude());
        t.setPhotoUrl(in.photoUrl());
        t.setPhone(in.phone());
        t.setConversationId(c.getId());
        t.setChannel(c.getChannel());
        t.setChannelUserId(c.getChannelUserId());
        t.setClientAddress(clientAddress == null || clientAddress.length() > 64 ? null : clientAddress);
        t.setStatus(TicketStatus.NEW.name());
        t.setDepartment(route.department());
        t.setDueAt(due);
        t.setRemindAt(remindAt(policy.delays(unit.id()).reminderLead(), due, now));
        t.setCreatedAt(now);
        t.setUpdatedAt(now);
        tickets.save(t);
        event(t, "CREATED", null, TicketStatus.NEW, TicketEvent.RESIDENT,
                catalog.name(category) + "; hạn " + deadline.label() + " → " + TicketTexts.dateTime(due), now);
        toResident(unit, t, MessageKind.UPDATE, Reply.of(texts.render("tickets.ack", unit, t)), "ack");
        if (route.official() != null) {
            assignTo(unit, t, route.official(), TicketEvent.SYSTEM, now);
        }
        return t;
    }

    /** The reminder: {@code lead} working days before the deadline (the unit's policy), if still ahead. */
    private Instant remindAt(int lead, Instant due, Instant now) {
        if (lead <= 0) {
            return null;
        }
        ZonedDateTime z = due.atZone(OfficeHours.ZONE);
        LocalDate d = z.toLocalDate();
        for (int i = 0; i < lead; i++) {
            do {
                d = d.minusDays(1);
            } while (!calendar.isWorkingDay(d));
        }
        Instant at = d.atTime(z.toLocalTime()).atZone(OfficeHours.ZONE).toInstant();
        return at.isAfter(now) ? at : null;
    }

    // ---- officials' moves ----

    @Transactional
    public Ticket assign(Ticket t, Official actor, Official assignee, Instant now) {
        requireMove(t, TicketStatus.ASSIGNED);
        if (!assignee.active() || !t.getUnitId().equals(assignee.unitId())) {
            throw ApiException.badRequest("Cán bộ " + assignee.username() + " không thuộc đơn vị của phản ánh này.");
        }
        Long before = t.getAssigneeId();
        TicketStatus from = t.statusValue();
        assignTo(unit(t), t, assignee, actor.fullName(), now);
        audit.record(actor.username(), t.getUnitId(), "ticket.assign", t.getCode(),
                audit.json("status", from.name(), "assignee", before == null ? null : officials.findById(before).map(Official::username).orElse(null)),
                audit.json("status", t.getStatus(), "assignee", assignee.username()));
        return t;
    }

    private void assignTo(Unit unit, Ticket t, Official assignee, String actor, Instant now) {
        TicketStatus from = t.statusValue();
        t.setAssigneeId(assignee.id());
        t.setStatus(TicketStatus.ASSIGNED.name());
        t.setUpdatedAt(now);
        tickets.update(t);
        TicketEvent e = event(t, "ASSIGNED", from, TicketStatus.ASSIGNED, actor,
                assignee.fullName() + (t.getDepartment() == null ? "" : " (" + t.getDepartment() + ")"), now);
        toOfficial(unit, assignee, t, NotificationKind.NEW_CASE, "tickets.notify_official", "notify:" + e.id());
    }

    @Transactional
    public Ticket changeStatus(Ticket t, Official actor, TicketStatus to, @Nullable String reason,
                               @Nullable String forwardTo, Instant now) {
        if (to != TicketStatus.IN_PROGRESS && to != TicketStatus.REJECTED && to != TicketStatus.CLOSED) {
            throw ApiException.badRequest("status phải là IN_PROGRESS, REJECTED hoặc CLOSED (trả lời: /reply, giao việc: /assign).");
        }
        requireMove(t, to);
        Unit unit = unit(t);
        TicketStatus from = t.statusValue();
        t.setStatus(to.name());
        t.setUpdatedAt(now);
        String note = reason;
        if (to == TicketStatus.REJECTED) {
            if (reason == null || reason.isBlank()) {
                throw ApiException.badRequest("Từ chối phải nêu lý do (reason).");
            }
            t.setReason(reason.strip());
            if (forwardTo != null && !forwardTo.isBlank()) {
                // NĐ 20/2008/NĐ-CP Điều 9: forward to the competent body within 5 working days.
                Deadline d = catalog.forwardDeadline();
                t.setForwardedTo(forwardTo.strip());
                t.setDueAt(catalog.officeHours(unit).dueAt(now.atZone(OfficeHours.ZONE), d.amount(), d.unit()).toInstant());
                note = reason.strip() + "; chuyển " + t.getForwardedTo() + " trước " + TicketTexts.dateTime(t.getDueAt());
            }
        }
        tickets.update(t);
        event(t, to.name(), from, to, actor.fullName(), note, now);
        audit.record(actor.username(), t.getUnitId(), "ticket.status", t.getCode(), audit.json("status", from.name()),
                audit.json("status", to.name(), "reason", t.getReason(), "forwardedTo", t.getForwardedTo()));
        if (to == TicketStatus.IN_PROGRESS) {
            toResident(unit, t, MessageKind.UPDATE, Reply.of(texts.render("tickets.in_progress", unit, t)), "in-progress");
        } else if (to == TicketStatus.REJECTED) {
            toResident(unit, t, MessageKind.UPDATE, Reply.of(texts.render("tickets.rejected", unit, t)), "rejected");
        }
        return t;
    }

    /** The official's answer goes to the resident on their channel, followed by the rating question. */
    @Transactional
    public Ticket reply(Ticket t, Official actor, String text, Instant now) {
        requireMove(t, TicketStatus.ANSWERED);
        Unit unit = unit(t);
        TicketStatus from = t.statusValue();
        t.setAnswer(text.strip());
        t.setAnsweredAt(now);
        t.setStatus(TicketStatus.ANSWERED.name());
        t.setUpdatedAt(now);
        tickets.update(t);
        TicketEvent e = event(t, "ANSWERED", from, TicketStatus.ANSWERED, actor.fullName(), t.getAnswer(), now);
        // The answer is a message an official sends: the audit line carries its text.
        audit.record(actor.username(), t.getUnitId(), "ticket.reply", t.getCode(), audit.json("status", from.name()),
                audit.json("status", TicketStatus.ANSWERED.name(), "channel", t.getChannel(), "text", t.getAnswer()));
        toResident(unit, t, MessageKind.HUMAN, Reply.of(texts.render("tickets.answer", unit, t)), "answer:" + e.id(), actor.username());
        if (t.getRating() == null) {
            toResident(unit, t, MessageKind.UPDATE, new Reply(texts.render("tickets.rating_question", unit, t),
                    TicketFlow.ratingChoices(t.getCode())), "rating");
            // Typed answers ("hài lòng") reach the flow too, unless the resident is filing another case.
            conversations.findForUpdate(t.getUnitId(), t.getChannel(), t.getChannelUserId()).ifPresent(c -> {
                if (c.getFlow() == null) {
                    states.write(c, Map.of(TicketFlow.STEP, TicketFlow.RATE, TicketFlow.CODE, t.getCode()));
                    conversations.update(c);
                }
            });
        }
        return t;
    }

    // ---- the resident's rating ----

    /** Records a rating once; "không hài lòng" flags the case to the leader of its field. */
    @Transactional
    public boolean rate(Unit unit, Ticket t, String rating, Instant now) {
        if (t.getRating() != null || t.statusValue() != TicketStatus.ANSWERED) {
            return false;
        }
        t.setRating(rating);
        t.setRatedAt(now);
        t.setStatus(TicketStatus.CLOSED.name());
        t.setUpdatedAt(now);
        event(t, "RATED", TicketStatus.ANSWERED, TicketStatus.CLOSED, TicketEvent.RESIDENT, rating, now);
        if (KHONG_HAI_LONG.equals(rating)) {
            t.setFlagged(true);
            Official leader = routing.fieldLeader(unit.id(), t.getCategory()).orElse(null);
            event(t, "FLAGGED", null, null, TicketEvent.SYSTEM, leader == null ? "không có lãnh đạo nhận" : leader.fullName(), now);
            if (leader != null) {
                toOfficial(unit, leader, t, NotificationKind.DISSATISFIED, "tickets.unsatisfied_leader", "unsatisfied");
            }
        }
        tickets.update(t);
        return true;
    }

    @Transactional
    public void comment(Ticket t, String text, Instant now) {
        t.setRatingComment(text.length() > 2000 ? text.substring(0, 2000) : text);
        t.setUpdatedAt(now);
        tickets.update(t);
        event(t, "COMMENT", null, null, TicketEvent.RESIDENT, t.getRatingComment(), now);
    }

    // ---- scheduled follow-up ----

    /**
     * Sends what is due for one case: the reminder, then once overdue the apology letter and the two
     * escalation levels. The row lock and the stamps make it once-only; the dedupe keys make it so
     * even if a stamp were lost.
     */
    @Transactional
    public void followUp(long ticketId, Instant now) {
        Ticket t = tickets.findForUpdate(ticketId).orElse(null);
        if (t == null || !t.statusValue().isOpen()) {
            return;
        }
        Unit unit = unit(t);
        boolean changed = false;
        if (t.getRemindAt() != null && t.getRemindedAt() == null && !now.isBefore(t.getRemindAt())) {
            t.setRemindedAt(now);
            changed = true;
            if (now.isBefore(t.getDueAt()) && t.getAssigneeId() != null) {
                Official a = officials.findById(t.getAssigneeId()).orElseThrow();
                event(t, "REMINDED", null, null, TicketEvent.SYSTEM, a.fullName(), now);
                toOfficial(unit, a, t, NotificationKind.REMINDER, "tickets.remind_official", "remind");
            }
        }
        if (!now.isBefore(t.getDueAt())) {
            if (t.getApologizedAt() == null) {
                t.setApologizedAt(now);
                changed = true;
                // The letters' one path: kept as a letter, in the timeline as queued, then as what became of it.
                letters.send(unit, new Letters.Recipient(t.getUnitId(), t.getChannel(), t.getChannelUserId(), t.getConversationId(),
                                t.getId(), t.getCode(), texts.values(t)), "letters.apology.overdue", Map.of(), MessageKind.UPDATE,
                        purpose("apology"), dedupeKey(t, "apology"), null, TicketEvent.SYSTEM);
            }
            if (t.getEscalatedAt() == null && !now.isBefore(escalationAt(t, 1))) {
                t.setEscalatedAt(now);
                changed = true;
                escalate(unit, t, routing.fieldLeader(unit.id(), t.getCategory()).orElse(null), "ESCALATED",
                        "tickets.escalate_leader", "escalate:1", now);
            }
            if (t.getEscalatedAt() != null && t.getEscalated2At() == null && !now.isBefore(escalationAt(t, 2))) {
                t.setEscalated2At(now);
                changed = true;
                escalate(unit, t, routing.chairman(unit.id()).orElse(null), "ESCALATED_2",
                        "tickets.escalate_chairman", "escalate:2", now);
            }
        }
        if (changed) {
            t.setUpdatedAt(now);
            tickets.update(t);
        }
    }

    private void escalate(Unit unit, Ticket t, @Nullable Official to, String type, String template, String key, Instant now) {
        event(t, type, null, null, TicketEvent.SYSTEM, to == null ? "không có lãnh đạo nhận" : to.fullName(), now);
        if (to != null) {
            toOfficial(unit, to, t, NotificationKind.ESCALATION, template, key);
        }
    }

    /**
     * Level 1: the leader's delay after the deadline; level 2: the chairman's later (the unit's policy,
     * else tickets.escalation.*).
     */
    Instant escalationAt(Ticket t, int level) {
        TicketPolicy.Delays d = policy.delays(t.getUnitId());
        int days = d.leaderAfter() + (level == 2 ? d.chairmanAfter() : 0);
        ZonedDateTime due = t.getDueAt().atZone(OfficeHours.ZONE);
        return calendar.addWorkingDays(due.toLocalDate(), days).atTime(due.toLocalTime()).atZone(OfficeHours.ZONE).toInstant();
    }

    // ---- helpers ----

    public boolean overdue(Ticket t, Instant now) {
        TicketStatus s = t.statusValue();
        if (s.isOpen()) {
            return now.isAfter(t.getDueAt());
        }
        return t.getAnsweredAt() != null && t.getAnsweredAt().isAfter(t.getDueAt());
    }

    public List<TicketEvent> events(Ticket t) {
        return events.findByTicketIdOrderById(t.getId());
    }

    private void requireMove(Ticket t, TicketStatus to) {
        if (!t.statusValue().canMoveTo(to)) {
            throw new ApiException(HttpStatus.CONFLICT, "conflict",
                    "Phản ánh " + t.getCode() + " đang ở trạng thái " + t.getStatus() + ", không chuyển sang " + to + " được.");
        }
    }

    private TicketEvent event(Ticket t, String type, @Nullable TicketStatus from, @Nullable TicketStatus to, String actor,
                              @Nullable String note, Instant now) {
        return events.save(new TicketEvent(null, t.getId(), type, from == null ? null : from.name(),
                to == null ? null : to.name(), actor, note, now));
    }

    Unit unit(Ticket t) {
        return units.findById(t.getUnitId()).orElseThrow();
    }

    static String dedupeKey(Ticket t, String what) {
        return "ticket:" + t.getUnitId() + ":" + t.getCode() + ":" + what;
    }

    private void toResident(Unit unit, Ticket t, MessageKind kind, Reply reply, String what) {
        toResident(unit, t, kind, reply, what, null);
    }

    /** {@code author}: the official who wrote it, kept in the conversation's history (null: the service). */
    private void toResident(Unit unit, Ticket t, MessageKind kind, Reply reply, String what, @Nullable String author) {
        outbox.enqueue(new OutboundMessage(unit.id(), t.getChannel(), t.getChannelUserId(), t.getConversationId(), kind,
                reply, dedupeKey(t, what), new OutboundMessage.About(t.getId(), purpose(what), OutboundMessage.About.RESIDENT), author));
    }

    /** What a message about a case is, for its {@code deliveries} (API.md), from its dedupe key's name. */
    static String purpose(String what) {
        return switch (what.split(":")[0]) {
            case "ack" -> "acknowledgement";
            case "in-progress", "rejected" -> "status_update";
            case "answer" -> "answer";
            case "rating" -> "rating_request";
            case "apology" -> "apology";
            case "notify" -> "assignment";
            case "remind" -> "reminder";
            case "escalate" -> "escalation";
            case "unsatisfied" -> "dissatisfaction";
            default -> what.split(":")[0];
        };
    }

    /** Through the one notifier: the console list, e-mail, and the official's chat while their window is open. */
    private void toOfficial(Unit unit, Official o, Ticket t, NotificationKind kind, String template, String what) {
        String subject = switch (kind) {
            case NEW_CASE -> "Phản ánh mới " + t.getCode() + ": " + catalog.name(t.getCategory());
            case REMINDER -> "Sắp đến hạn: phản ánh " + t.getCode();
            case ESCALATION -> "Quá hạn: phản ánh " + t.getCode();
            case DISSATISFIED -> "Người dân chưa hài lòng: phản ánh " + t.getCode();
            default -> "Phản ánh " + t.getCode();
        };
        notifier.notify(o.id(), kind, "[" + unit.name() + "] " + subject, texts.render(template, unit, t),
                "/console/tickets/" + t.getCode(), dedupeKey(t, what + ":" + o.id()),
                new OutboundMessage.About(t.getId(), purpose(what), o.username()));
    }
}
