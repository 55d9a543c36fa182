package vn.friendlygov.letter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.consent.Consent;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.template.Templates;
import vn.friendlygov.ticket.TicketEvent;
import vn.friendlygov.ticket.TicketEventRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Letters to a resident (API.md "POST /api/v1/letters"): a template of templates/letters/ rendered
 * with the unit's values (chairman, title, unit), the case's ({@code t.*}) when it is about one and
 * the official's ({@code letter.name}, {@code letter.reason}); queued through the one outbox on the
 * resident's own channel, kept in table {@code letter}, in the conversation's history (the outbox
 * does that) and, about a case, in its timeline and deliveries with the outcome. The overdue case's
 * apology takes the same path ({@link #send}).
 */
@Singleton
public class Letters {
    public static final String PREFIX = "letters.";
    /** What the official may fill in; the rest comes from the unit and the case. */
    static final List<String> OFFICIAL_VARIABLES = List.of("name", "reason");
    static final int MAX_VALUE = 300;

    /** How residents and officials name each letter. */
    static final Map<String, String> LABELS = Map.of(
            "letters.personal.wedding", "Thư chúc mừng kết hôn",
            "letters.personal.condolence", "Thư chia buồn",
            "letters.personal.thanks", "Thư cảm ơn",
            "letters.personal.commendation", "Thư biểu dương",
            "letters.personal.apology", "Thư xin lỗi",
            "letters.apology.overdue", "Thư xin lỗi vì phản ánh quá hạn");

    /** Who gets it: the resident of a case or of a conversation, on their own channel. */
    public record Recipient(long unitId, String channel, String recipientId, @Nullable Long conversationId, @Nullable Long ticketId,
                            @Nullable String ticketCode, @Nullable Map<String, Object> ticketValues) {
    }

    @Serdeable
    public record LetterView(long id, String template, String label, @Nullable String ticket, @Nullable Long conversation,
                             String channel, String text, String author, String createdAt, String status, @Nullable String reason) {
    }

    public record Choice(String name, String label) {
    }

    private final Templates templates;
    private final Outbox outbox;
    private final UnitDirectory units;
    private final TicketEventRepository events;
    private final Consent consent;
    private final AuditLog audit;
    private final JdbcOperations jdbc;
    private final Clock clock;

    public Letters(Templates templates, Outbox outbox, UnitDirectory units, TicketEventRepository events, Consent consent,
                   AuditLog audit, JdbcOperations jdbc, Clock clock) {
        this.templates = templates;
        this.outbox = outbox;
        this.units = units;
        this.events = events;
        this.consent = consent;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The letters an official may choose, with their names (the case's own apology only about a case). */
    public List<Choice> choices(boolean aboutCase) {
        return templates.names().stream().filter(n -> n.startsWith(PREFIX)).filter(n -> aboutCase || !usesCase(n, null))
                .map(n -> new Choice(n, label(n))).toList();
    }

    public static String label(String template) {
        return LABELS.getOrDefault(template, template);
    }

    /** A letter checked and rendered, not sent: the template's full name, the official's values, the text. */
    public record Draft(String template, Map<String, Object> values, String text) {
    }

    /**
     * Checks an official's letter (a letter template, only {@code name}/{@code reason} filled in, a
     * case's letter only about a case) and renders it as the resident would get it.
     */
    public Draft draft(Recipient to, @Nullable String template, @Nullable Map<String, ?> variables) {
        String name = template == null ? "" : template.strip();
        if (!name.startsWith(PREFIX)) {
            name = PREFIX + name;
        }
        if (!templates.has(name)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_template", "Không có mẫu thư '"
                    + vn.friendlygov.security.LogText.escape(template == null ? "" : template) + "'. Các mẫu: "
                    + String.join(", ", choices(true).stream().map(Choice::name).toList()) + ".");
        }
        Unit unit = units.byId(to.unitId()).orElseThrow();
        if (usesCase(name, unit.code()) && to.ticketId() == null) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "needs_ticket", "Mẫu '" + label(name)
                    + "' nói về một phản ánh: hãy gửi từ trang phản ánh (trường ticket).");
        }
        Map<String, Object> letter = new HashMap<>();
        if (variables != null) {
            for (Map.Entry<String, ?> e : variables.entrySet()) {
                String key = e.getKey().startsWith("letter.") ? e.getKey().substring("letter.".length()) : e.getKey();
                if (!OFFICIAL_VARIABLES.contains(key)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_variable", "Biến " + e.getKey()
                            + " không điền được vào thư (chỉ name: tên người nhận, reason: nội dung/lý do; tên đơn vị và Chủ tịch lấy từ đơn vị).");
                }
                String value = e.getValue() == null ? "" : Normalizer.normalize(String.valueOf(e.getValue()).strip(), Normalizer.Form.NFC);
                if (value.length() > MAX_VALUE) {
                    throw ApiException.badRequest("Giá trị của " + key + " tối đa " + MAX_VALUE + " ký tự.");
                }
                letter.put(key, value);
            }
        }
        Map<String, Object> values = Map.of("letter", letter);
        return new Draft(name, values, render(unit, to, name, values));
    }

    /**
     * An official's letter: checked ({@link #draft}; and the resident has not written "hủy nhận tin"),
     * queued, audited. Nothing is written when a check fails.
     */
    @Transactional
    public LetterView fromOfficial(Official me, Recipient to, @Nullable String template, @Nullable Map<String, ?> variables) {
        Draft d = draft(to, template, variables);
        if (optedOut(to)) {
            throw new ApiException(HttpStatus.CONFLICT, "opted_out", "Người dân đã nhắn “hủy nhận tin”: không gửi thư cho đến khi họ nhắn "
                    + "“đăng ký nhận tin”.");
        }
        Unit unit = units.byId(to.unitId()).orElseThrow();
        String key = OutboundMessage.LETTER_KEY_PREFIX + UUID.randomUUID();
        // An official's letter: Messenger lets it go with the HUMAN_AGENT tag up to 7 days (reference/channels-2026.md 4.2).
        long id = send(unit, to, d.template(), d.values(), MessageKind.HUMAN, "letter", key, me.username(), me.fullName());
        LetterView v = find(id).orElseThrow();
        audit.record(me.username(), to.unitId(), "letter.send", to.ticketCode() != null ? to.ticketCode()
                : "conversation:" + to.conversationId(), null, audit.json("template", d.template(), "channel", to.channel(), "text", v.text()));
        return v;
    }

    private String render(Unit unit, Recipient to, String template, Map<String, Object> values) {
        Map<String, Object> context = new HashMap<>(UnitContext.of(unit, units));
        if (to.ticketValues() != null) {
            context.put("t", to.ticketValues());
        }
        context.putAll(values);
        return Normalizer.normalize(templates.render(template, context), Normalizer.Form.NFC);
    }

    /**
     * Renders and queues a letter, once per {@code dedupeKey}; returns its id. {@code author}: the
     * official's username (null: the service), {@code actor}: who the case's timeline names.
     */
    @Transactional
    public long send(Unit unit, Recipient to, String template, Map<String, Object> values, MessageKind kind, String purpose,
                     String dedupeKey, @Nullable String author, String actor) {
        String text = render(unit, to, template, values);
        Instant now = clock.instant();
        int inserted = jdbc.prepareStatement("INSERT IGNORE INTO letter (unit_id, template, ticket_id, conversation_id, channel, "
                + "recipient_id, body, author, outbox_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
            ps.setLong(1, to.unitId());
            ps.setString(2, template);
            setLong(ps, 3, to.ticketId());
            setLong(ps, 4, to.conversationId());
            ps.setString(5, to.channel());
            ps.setString(6, to.recipientId());
            ps.setString(7, text);
            ps.setString(8, author == null ? TicketEvent.SYSTEM : author);
            ps.setString(9, dedupeKey);
            ps.setTimestamp(10, Timestamp.from(now));
            return ps.executeUpdate();
        });
        if (inserted > 0) {
            outbox.enqueue(new OutboundMessage(to.unitId(), to.channel(), to.recipientId(), to.conversationId(), kind, Reply.of(text),
                    dedupeKey, to.ticketId() == null ? null : new OutboundMessage.About(to.ticketId(), purpose, OutboundMessage.About.RESIDENT),
                    author));
            if (to.ticketId() != null) {
                // Queued, not sent: whether it reaches the resident is recorded when it does or not (TicketDeliveryLog).
                events.save(new TicketEvent(null, to.ticketId(), "apology".equals(purpose) ? "APOLOGY_QUEUED" : "LETTER_QUEUED", null, null,
                        actor, lowerFirst(label(template)) + " chờ gửi người dân", now));
            }
        }
        return jdbc.prepareStatement("SELECT id FROM letter WHERE outbox_key = ?", ps -> {
            ps.setString(1, dedupeKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** A letter with its delivery (a long one: the least happy of its parts). */
    @Transactional(readOnly = true)
    public Optional<LetterView> find(long id) {
        return jdbc.prepareStatement("SELECT l.id, l.template, t.code, l.conversation_id, l.channel, l.body, l.author, l.created_at, "
                + "l.outbox_key, l.unit_id FROM letter l LEFT JOIN ticket t ON t.id = l.ticket_id WHERE l.id = ?", ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long conversation = rs.getLong(4);
                Long conv = rs.wasNull() ? null : conversation;
                String[] delivery = delivery(rs.getString(9));
                return Optional.of(new LetterView(rs.getLong(1), rs.getString(2), label(rs.getString(2)), rs.getString(3), conv,
                        rs.getString(5), rs.getString(6), rs.getString(7),
                        OfficeHours.iso(rs.getTimestamp(8).toInstant()), delivery[0], delivery[1]));
            }
        });
    }

    /** The unit a letter belongs to (for scoping), if it exists. */
    @Transactional(readOnly = true)
    public Optional<Long> unitOf(long id) {
        return jdbc.prepareStatement("SELECT unit_id FROM letter WHERE id = ?", ps -> {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.<Long>empty();
            }
        });
    }

    private String[] delivery(String key) {
        Map<String, String[]> rows = new LinkedHashMap<>();
        jdbc.prepareStatement("SELECT dedupe_key, status, reason_code FROM outbox WHERE dedupe_key = ? OR dedupe_key LIKE ?", ps -> {
            ps.setString(1, key);
            ps.setString(2, key + "#%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new String[]{rs.getString(2), rs.getString(3)});
                }
            }
            return null;
        });
        String[] worst = {OutboxRow.PENDING, null};
        int rank = -1;
        for (String[] r : rows.values()) {
            int k = switch (r[0]) {
                case OutboxRow.FAILED -> 3;
                case OutboxRow.SKIPPED -> 2;
                case OutboxRow.PENDING -> 1;
                default -> 0;
            };
            if (k > rank) {
                rank = k;
                worst = r;
            }
        }
        return worst;
    }

    /**
     * "hủy nhận tin": the consent ledger (platforms), or the conversation's own flag (the web chat
     * records an opt-out the dialogue understood only there).
     */
    private boolean optedOut(Recipient to) {
        if (consent.isOptedOut(to.unitId(), to.channel(), to.recipientId())) {
            return true;
        }
        return to.conversationId() != null && jdbc.prepareStatement("SELECT opted_out FROM conversation WHERE id = ?", ps -> {
            ps.setLong(1, to.conversationId());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        });
    }

    /** Does the text in use name the case ({@code t.*})? */
    private boolean usesCase(String template, @Nullable String unitCode) {
        return templates.variables(template, unitCode).stream().anyMatch(v -> v.startsWith("t."));
    }

    private static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + s.substring(1);
    }

    private static void setLong(java.sql.PreparedStatement ps, int i, @Nullable Long v) throws java.sql.SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }
}
