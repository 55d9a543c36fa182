package vn.friendlygov.conversation.handoff;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.channel.messenger.MessengerConfig;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationRepository;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.notify.NotificationKind;
import vn.friendlygov.notify.OfficialNotifier;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.template.Templates;
import vn.friendlygov.ticket.DutyRoster;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Human handoff (API.md): BOT → WAITING_FOR_OFFICIAL → WITH_OFFICIAL → BOT. The resident's side
 * (asking for a person) runs inside the turn, on the conversation row the turn holds locked; the
 * officials' side (take, close) is a compare-and-set UPDATE, so two officials or two instances
 * never both win.
 */
@Singleton
public class HandoffService {
    private final JdbcOperations jdbc;
    private final ConversationRepository conversations;
    private final OfficialRepository officials;
    private final TicketRepository tickets;
    private final UnitDirectory units;
    private final TicketCatalog catalog;
    private final Templates templates;
    private final HandoffTexts texts;
    private final Outbox outbox;
    private final OfficialNotifier notifier;
    private final AuditLog audit;
    private final MessengerConfig messenger;
    private final ZaloConfig zalo;
    private final HandoffSettings settings;
    private final DutyRoster roster;
    private final Clock clock;

    public HandoffService(JdbcOperations jdbc, ConversationRepository conversations, OfficialRepository officials,
                          TicketRepository tickets, UnitDirectory units, TicketCatalog catalog, Templates templates,
                          HandoffTexts texts, Outbox outbox, OfficialNotifier notifier, AuditLog audit,
                          MessengerConfig messenger, ZaloConfig zalo, HandoffSettings settings, DutyRoster roster, Clock clock) {
        this.roster = roster;
        this.jdbc = jdbc;
        this.conversations = conversations;
        this.officials = officials;
        this.tickets = tickets;
        this.units = units;
        this.catalog = catalog;
        this.templates = templates;
        this.texts = texts;
        this.outbox = outbox;
        this.notifier = notifier;
        this.audit = audit;
        this.messenger = messenger;
        this.zalo = zalo;
        this.settings = settings;
        this.clock = clock;
    }

    // ---- the resident's side (inside the turn) ----

    /**
     * The conversation now waits for an official; the resident is told honestly when to expect one
     * (the unit's office hours and holidays). Called with the conversation row locked by the turn: a
     * second delivery of the same request finds it waiting and the bot stays quiet.
     */
    public Reply handOver(Unit unit, Conversation c, Instant now, boolean unsure) {
        c.setStatus(Conversation.WAITING_FOR_OFFICIAL);
        c.setWaitingSince(now);
        c.setUnsureCount(0);
        c.setFlow(null);
        c.setFlowState(null);
        offer(unit, c, now);
        String when = HandoffTexts.when(catalog.officeHours(unit), now);
        return Reply.of(render(unit, unsure ? "replies.handoff_unsure" : "replies.handoff_waiting", Map.of("when", when)));
    }

    /**
     * Offers the conversation to the on-duty official of the unit holding the fewest conversations
     * (below the limit): a console notification, an e-mail, a chat message when their window is open.
     * Nobody on duty or everyone at the limit: the unit's leaders are told.
     */
    private void offer(Unit unit, Conversation c, Instant now) {
        Map<Long, Long> load = heldCounts(unit.id());
        // Today's roster when it names anyone; otherwise the officials marked on duty in their accounts.
        Set<Long> rostered = roster.onDutyToday(unit.id());
        Optional<Official> free = officials.findByUnitIdAndActive(unit.id(), true).stream()
                .filter(o -> (rostered.isEmpty() ? o.onDuty() : rostered.contains(o.id())) && Official.OFFICIAL.equals(o.role()))
                .filter(o -> load.getOrDefault(o.id(), 0L) < settings.getMaxPerOfficial())
                .min(Comparator.comparingLong((Official o) -> load.getOrDefault(o.id(), 0L)).thenComparing(Official::id));
        List<Official> to = free.map(List::of).orElseGet(() -> leaders(unit.id()));
        String subject = "Người dân cần gặp cán bộ (" + channelName(c.getChannel()) + ")";
        String text = "Một người dân trên " + channelName(c.getChannel()) + " cần trao đổi trực tiếp với cán bộ. "
                + "Mở cuộc trò chuyện để nhận và trả lời.";
        for (Official o : to) {
            notifier.notify(o.id(), NotificationKind.WAITING_CONVERSATION, subject, text, link(c),
                    "handoff:" + c.getId() + ":" + now.toEpochMilli() + ":" + o.id());
        }
    }

    private Map<Long, Long> heldCounts(long unitId) {
        Map<Long, Long> load = new HashMap<>();
        jdbc.prepareStatement("SELECT assignee_id, COUNT(*) FROM conversation WHERE unit_id = ? AND status = 'WITH_OFFICIAL' "
                + "GROUP BY assignee_id", ps -> {
            ps.setLong(1, unitId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    load.put(rs.getLong(1), rs.getLong(2));
                }
            }
            return null;
        });
        return load;
    }

    private List<Official> leaders(long unitId) {
        return officials.findByUnitIdAndActive(unitId, true).stream().filter(o -> Official.LEADER.equals(o.role())).toList();
    }

    // ---- the officials' side ----

    /** What an official's reply would do now, and (when no route is open) the phone number the resident gave. */
    public ReplyWindow window(Conversation c, Instant now) {
        return ReplyWindow.of(c.getChannel(), c.getLastInboundAt(), now, messenger.isHumanAgentTag(), zalo.getConsultationWindowDays());
    }

    @Nullable
    public String residentPhone(Conversation c) {
        return tickets.findByUnitIdAndChannelAndChannelUserIdOrderByCreatedAtDesc(c.getUnitId(), c.getChannel(), c.getChannelUserId())
                .stream().map(Ticket::getPhone).filter(p -> p != null && !p.isBlank()).findFirst().orElse(null);
    }

    /** The code of the resident's latest case in this unit, if any (a reply snippet's {{maHoSo}}). */
    @Nullable
    public String residentCase(Conversation c) {
        return tickets.findByUnitIdAndChannelAndChannelUserIdOrderByCreatedAtDesc(c.getUnitId(), c.getChannel(), c.getChannelUserId())
                .stream().map(Ticket::getCode).findFirst().orElse(null);
    }

    /** The conversation if {@code me} may see it (own unit; an ADMIN without a unit: any), else 404. */
    public Conversation find(Official me, long id) {
        return visible(me, id).orElseThrow(() -> ApiException.notFound("Không có cuộc trò chuyện " + id + " trong phạm vi của anh/chị."));
    }

    public Optional<Conversation> visible(Official me, long id) {
        return conversations.findById(id).filter(c -> Official.ADMIN.equals(me.role()) && me.unitId() == null
                || c.getUnitId().equals(me.unitId()));
    }

    /** Waiting (oldest first) or held conversations of the official's unit. */
    @Transactional(readOnly = true)
    public List<Conversation> list(Official me, @Nullable String status) {
        String s = status == null || status.isBlank() ? null : status.strip();
        if (s != null && !List.of(Conversation.BOT, Conversation.WAITING_FOR_OFFICIAL, Conversation.WITH_OFFICIAL).contains(s)) {
            throw ApiException.badRequest("status là BOT, WAITING_FOR_OFFICIAL hoặc WITH_OFFICIAL.");
        }
        boolean all = Official.ADMIN.equals(me.role()) && me.unitId() == null;
        String sql = "SELECT id FROM conversation WHERE " + (all ? "1 = 1" : "unit_id = ?")
                + (s == null ? " AND status <> 'BOT'" : " AND status = ?")
                + " ORDER BY waiting_since IS NULL, waiting_since, last_message_at DESC LIMIT 500";
        List<Long> ids = jdbc.prepareStatement(sql, ps -> {
            int i = 0;
            if (!all) {
                ps.setLong(++i, me.unitId());
            }
            if (s != null) {
                ps.setString(++i, s);
            }
            List<Long> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
        Map<Long, Conversation> byId = new HashMap<>();
        if (!ids.isEmpty()) {
            conversations.findByIdIn(ids).forEach(c -> byId.put(c.getId(), c));
        }
        return ids.stream().map(byId::get).filter(java.util.Objects::nonNull).toList();
    }

    /** {@code me} holds the conversation; a second official's take → 409. */
    @Transactional
    public Conversation take(Official me, long id) {
        Conversation c = find(me, id);
        if (Conversation.WITH_OFFICIAL.equals(c.getStatus()) && me.id().equals(c.getAssigneeId())) {
            return c;   // taken already by me: a double click changes nothing
        }
        if (heldCounts(c.getUnitId()).getOrDefault(me.id(), 0L) >= settings.getMaxPerOfficial()) {
            throw new ApiException(HttpStatus.CONFLICT, "limit_reached", "Anh/chị đang giữ " + settings.getMaxPerOfficial()
                    + " cuộc trò chuyện, là số tối đa; hãy kết thúc bớt trước khi nhận thêm.");
        }
        Instant now = clock.instant();
        int changed = jdbc.prepareStatement("UPDATE conversation SET status = 'WITH_OFFICIAL', assignee_id = ?, "
                + "waiting_since = COALESCE(waiting_since, ?) WHERE id = ? AND status IN ('BOT', 'WAITING_FOR_OFFICIAL')", ps -> {
            ps.setLong(1, me.id());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setLong(3, id);
            return ps.executeUpdate();
        });
        if (changed == 0) {
            String holder = conversations.findById(id).map(Conversation::getAssigneeId).flatMap(officials::findById)
                    .map(Official::fullName).orElse("một cán bộ khác");
            throw new ApiException(HttpStatus.CONFLICT, "already_taken", "Cuộc trò chuyện đã do " + holder + " nhận.");
        }
        audit.record(me.username(), c.getUnitId(), "conversation.take", String.valueOf(id),
                audit.json("status", c.getStatus()), audit.json("status", Conversation.WITH_OFFICIAL, "assignee", me.username()));
        return conversations.findById(id).orElseThrow();
    }

    /**
     * An official's message on the resident's own channel, under the platform's rule. No route open
     * → 409 {@code outside_window} and nothing is queued. The message is kept in the history with its
     * author; its delivery outcome shows there (a reply the platform refuses is never shown as sent).
     */
    @Transactional
    public String reply(Official me, long id, String text) {
        Conversation c = find(me, id);
        return reply(me, c, text);
    }

    @Transactional
    public String reply(Official me, Conversation c, String text) {
        if (!Conversation.WITH_OFFICIAL.equals(c.getStatus()) || !me.id().equals(c.getAssigneeId())) {
            throw new ApiException(HttpStatus.CONFLICT, "not_holder",
                    "Anh/chị cần nhận cuộc trò chuyện trước khi trả lời (hoặc nó đang do cán bộ khác giữ).");
        }
        Instant now = clock.instant();
        ReplyWindow w = window(c, now);
        if (!w.allowed()) {
            String phone = residentPhone(c);
            throw new ApiException(HttpStatus.CONFLICT, "outside_window", "Nền tảng không cho phép gửi tin lúc này (người dân nhắn lần cuối "
                    + "đã quá lâu)." + (phone == null ? "" : " Số điện thoại người dân để lại: " + phone + "."));
        }
        String key = "human:" + c.getId() + ":" + UUID.randomUUID();
        outbox.enqueue(new OutboundMessage(c.getUnitId(), c.getChannel(), c.getChannelUserId(), c.getId(), MessageKind.HUMAN,
                Reply.of(text), key, null, me.username()));
        touch(c.getId(), now);
        audit.record(me.username(), c.getUnitId(), "conversation.reply", String.valueOf(c.getId()), null,
                audit.json("channel", c.getChannel(), "mode", w.mode(), "text", text));
        return key;
    }

    /** Gives the conversation back to the bot; the resident is told the assistant answers again. */
    @Transactional
    public Conversation close(Official me, long id) {
        Conversation c = find(me, id);
        boolean leader = Official.LEADER.equals(me.role()) || Official.ADMIN.equals(me.role());
        if (!c.withHuman()) {
            throw new ApiException(HttpStatus.CONFLICT, "not_with_official", "Cuộc trò chuyện đang do trợ lý ảo trả lời.");
        }
        if (!leader && !me.id().equals(c.getAssigneeId())) {
            throw new ApiException(HttpStatus.CONFLICT, "not_holder", "Cuộc trò chuyện đang do cán bộ khác giữ.");
        }
        Instant now = clock.instant();
        int changed = jdbc.prepareStatement("UPDATE conversation SET status = 'BOT', assignee_id = NULL, waiting_since = NULL, "
                + "escalated_at = NULL, unsure_count = 0 WHERE id = ? AND status = ? AND (assignee_id <=> ?)", ps -> {
            ps.setLong(1, id);
            ps.setString(2, c.getStatus());
            if (c.getAssigneeId() == null) {
                ps.setNull(3, java.sql.Types.BIGINT);
            } else {
                ps.setLong(3, c.getAssigneeId());
            }
            return ps.executeUpdate();
        });
        if (changed == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "changed", "Cuộc trò chuyện vừa được cán bộ khác thay đổi; hãy tải lại.");
        }
        Unit unit = units.byId(c.getUnitId()).orElseThrow();
        outbox.enqueue(new OutboundMessage(c.getUnitId(), c.getChannel(), c.getChannelUserId(), c.getId(), MessageKind.UPDATE,
                Reply.of(render(unit, "replies.handoff_closed", Map.of())), "handoff-closed:" + c.getId() + ":" + now.toEpochMilli()));
        audit.record(me.username(), c.getUnitId(), "conversation.close", String.valueOf(id),
                audit.json("status", c.getStatus()), audit.json("status", Conversation.BOT));
        return conversations.findById(id).orElseThrow();
    }

    /**
     * Conversations left waiting longer than handoff.escalate-after-working-hours office hours go to
     * the unit's leaders, once (a compare-and-set on escalated_at: one instance wins).
     */
    @Transactional
    public int escalateOverdue() {
        Instant now = clock.instant();
        int n = 0;
        for (Conversation c : waitingUnescalated()) {
            Optional<Unit> unit = units.byId(c.getUnitId());
            if (unit.isEmpty() || c.getWaitingSince() == null) {
                continue;
            }
            OfficeHours hours = catalog.officeHours(unit.get());
            ZonedDateTime due = hours.addWorkingHours(c.getWaitingSince().atZone(OfficeHours.ZONE),
                    Duration.ofHours(settings.getEscalateAfterWorkingHours()));
            if (due.toInstant().isAfter(now)) {
                continue;
            }
            int won = jdbc.prepareStatement("UPDATE conversation SET escalated_at = ? WHERE id = ? AND escalated_at IS NULL "
                    + "AND status = 'WAITING_FOR_OFFICIAL'", ps -> {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setLong(2, c.getId());
                return ps.executeUpdate();
            });
            if (won == 0) {
                continue;
            }
            for (Official leader : leaders(c.getUnitId())) {
                notifier.notify(leader.id(), NotificationKind.ESCALATION, "Người dân chờ cán bộ quá " + settings.getEscalateAfterWorkingHours()
                                + " giờ làm việc", "Một người dân trên " + channelName(c.getChannel()) + " đã chờ cán bộ trả lời từ "
                                + c.getWaitingSince().atZone(OfficeHours.ZONE).format(java.time.format.DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy"))
                                + " mà chưa có ai nhận.", link(c), "handoff-escalation:" + c.getId() + ":" + c.getWaitingSince().toEpochMilli()
                                + ":" + leader.id());
            }
            n++;
        }
        return n;
    }

    private List<Conversation> waitingUnescalated() {
        List<Long> ids = jdbc.prepareStatement("SELECT id FROM conversation WHERE status = 'WAITING_FOR_OFFICIAL' "
                + "AND escalated_at IS NULL ORDER BY waiting_since LIMIT 1000", ps -> {
            List<Long> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        });
        List<Conversation> out = new java.util.ArrayList<>();
        if (!ids.isEmpty()) {
            out.addAll(conversations.findByIdIn(ids));
        }
        return out;
    }

    /** One message of the history: who wrote it, and for what went out, its delivery outcome. */
    public record Line(boolean in, @Nullable String author, String text, Instant at, @Nullable String delivery, @Nullable String reason) {
    }

    /** The whole history, oldest first (officials' private notes left out). */
    @Transactional(readOnly = true)
    public List<Line> history(long conversationId) {
        return jdbc.prepareStatement("SELECT m.direction, m.author, m.body, m.created_at, o.status, o.reason_code "
                + "FROM message m LEFT JOIN outbox o ON o.dedupe_key = m.outbox_key "
                + "WHERE m.conversation_id = ? AND m.private_note = FALSE ORDER BY m.id", ps -> {
            ps.setLong(1, conversationId);
            List<Line> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line("IN".equals(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant(),
                            rs.getString(5), rs.getString(6)));
                }
            }
            return out;
        });
    }

    /** A private note on the conversation: seen by officials, never sent to the resident. */
    @Transactional
    public void note(Official me, long id, String text) {
        Conversation c = find(me, id);
        Instant now = clock.instant();
        jdbc.prepareStatement("INSERT INTO message (conversation_id, direction, body, created_at, author, private_note) "
                + "VALUES (?, 'OUT', ?, ?, ?, TRUE)", ps -> {
            ps.setLong(1, c.getId());
            ps.setString(2, text);
            ps.setTimestamp(3, Timestamp.from(now));
            ps.setString(4, me.username());
            return ps.executeUpdate();
        });
        audit.record(me.username(), c.getUnitId(), "conversation.note", String.valueOf(id), null, audit.json("text", text));
    }

    /** The private notes, oldest first. */
    @Transactional(readOnly = true)
    public List<Line> notes(long conversationId) {
        return jdbc.prepareStatement("SELECT author, body, created_at FROM message WHERE conversation_id = ? AND private_note = TRUE "
                + "ORDER BY id", ps -> {
            ps.setLong(1, conversationId);
            List<Line> out = new java.util.ArrayList<>();
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Line(false, rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(), null, null));
                }
            }
            return out;
        });
    }

    /** Proposes a resident's question for the knowledge base (kb_suggestion), for the people who maintain it. */
    @Transactional
    public void suggest(Official me, long id, String question) {
        Conversation c = find(me, id);
        Instant now = clock.instant();
        jdbc.prepareStatement("INSERT INTO kb_suggestion (unit_id, conversation_id, question, proposed_by, created_at) "
                + "VALUES (?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, c.getUnitId());
            ps.setLong(2, c.getId());
            ps.setString(3, question);
            ps.setString(4, me.username());
            ps.setTimestamp(5, Timestamp.from(now));
            return ps.executeUpdate();
        });
        audit.record(me.username(), c.getUnitId(), "kb.suggest", String.valueOf(id), null, audit.json("question", question));
    }

    private void touch(long id, Instant now) {
        jdbc.prepareStatement("UPDATE conversation SET last_message_at = ? WHERE id = ?", ps -> {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, id);
            return ps.executeUpdate();
        });
    }

    static String link(Conversation c) {
        return "/console/conversations/" + c.getId();
    }

    static String channelName(String channel) {
        return switch (channel) {
            case "zalo" -> "Zalo";
            case "messenger" -> "Messenger";
            default -> "trang web";
        };
    }

    String render(Unit unit, String template, Map<String, String> h) {
        Map<String, Object> ctx = new HashMap<>(UnitContext.of(unit, units));
        ctx.put(texts.name(), h);
        return templates.render(template, ctx);
    }
}
