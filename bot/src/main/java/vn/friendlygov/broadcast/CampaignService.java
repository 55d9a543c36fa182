package vn.friendlygov.broadcast;

import io.micronaut.core.type.Argument;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Campaigns (API.md "Greetings and letters"): DRAFT → submit → PENDING_APPROVAL → approve (a LEADER
 * of the unit who is not the author; the database refuses an approver equal to the author too) →
 * SCHEDULED → RUNNING ({@link CampaignRunner}) → DONE when every delivery is final. The text is
 * rendered and frozen at submission; any change sends the campaign back to DRAFT without approver.
 * Another unit's campaign does not exist for the caller (404).
 */
@Singleton
public class CampaignService {
    /** Zalo consultation text and Messenger text both stop at 2,000 characters (channels-2026.md §2.1). */
    static final int MAX_TEXT = 2000;
    static final Set<String> CHANNELS = Set.of(Channels.ZALO, Channels.MESSENGER, Channels.WEB);
    static final String CANCELLED_REASON = "campaign_cancelled";
    private static final Instant FAR_FUTURE = Instant.parse("9999-01-01T00:00:00Z");

    private final CampaignRepository campaigns;
    private final CampaignSettings settings;
    private final Templates templates;
    private final UnitDirectory units;
    private final OfficialRepository officials;
    private final AuditLog audit;
    private final ObjectMapper json;
    private final Clock clock;

    public CampaignService(CampaignRepository campaigns, CampaignSettings settings, Templates templates, UnitDirectory units,
                           OfficialRepository officials, AuditLog audit, ObjectMapper json, Clock clock) {
        this.campaigns = campaigns;
        this.settings = settings;
        this.templates = templates;
        this.units = units;
        this.officials = officials;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    /** The fields a create or an edit carries, validated. */
    private record Fields(String template, String title, List<String> channels, Instant scheduledAt, Map<String, String> variables) {
    }

    @Transactional
    public Map<String, Object> create(Official me, Map<String, Object> body) {
        Unit unit = units.byCode(text(body, "unit", true)).filter(u -> CurrentOfficial.seesUnit(me, u.id()))
                .orElseThrow(() -> ApiException.notFound("Không tìm thấy đơn vị."));
        Fields f = fields(body, null);
        render(unit, f);   // an unknown variable or a broken template is refused now, not at sending time
        long id = campaigns.insert(unit.id(), f.template(), f.title(), f.channels(), toJson(f.variables()), audience(f.channels()),
                f.scheduledAt(), me.id(), clock.instant());
        audit.record(me.username(), unit.id(), "campaign.create", "campaign:" + id, null, audit.json("title", f.title()));
        return view(me, id);
    }

    /** Any change (text, audience, schedule) sends it back to DRAFT: the approval was for what it was. */
    @Transactional
    public Map<String, Object> update(Official me, long id, Map<String, Object> body) {
        Campaign c = visible(me, id);
        if (!c.editable()) {
            throw new ApiException(HttpStatus.CONFLICT, "campaign_started", "Chiến dịch đã bắt đầu gửi hoặc đã kết thúc, không sửa được nữa.");
        }
        Fields f = fields(body, c);
        render(units.byId(c.unitId()).orElseThrow(), f);
        int changed = campaigns.update("UPDATE campaign SET template = ?, title = ?, channels = ?, variables_json = ?, audience = ?, "
                        + "scheduled_at = ?, status = 'DRAFT', body = NULL, approver_id = NULL, approved_at = NULL, zalo_broadcast = 'NONE', "
                        + "updated_at = ? WHERE id = ? AND status IN ('DRAFT', 'PENDING_APPROVAL', 'SCHEDULED')",
                f.template(), f.title(), String.join(",", f.channels()), toJson(f.variables()), audience(f.channels()),
                f.scheduledAt(), clock.instant(), id);
        if (changed == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "campaign_started", "Chiến dịch đã bắt đầu gửi hoặc đã kết thúc, không sửa được nữa.");
        }
        audit.record(me.username(), c.unitId(), "campaign.update", "campaign:" + id, audit.json("status", c.status()),
                audit.json("status", Campaign.DRAFT));
        return view(me, id);
    }

    /** Renders and freezes the text the approver will see and residents will get. */
    @Transactional
    public Map<String, Object> submit(Official me, long id) {
        Campaign c = visible(me, id);
        String text = render(units.byId(c.unitId()).orElseThrow(), fields(Map.of(), c));
        if (text.length() > MAX_TEXT) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "text_too_long",
                    "Nội dung dài " + text.length() + " ký tự, vượt giới hạn " + MAX_TEXT + " ký tự của Zalo và Messenger.");
        }
        transition(me, c, "UPDATE campaign SET status = 'PENDING_APPROVAL', body = ?, updated_at = ? WHERE id = ? AND status = 'DRAFT'",
                "campaign.submit", Campaign.PENDING_APPROVAL, text, clock.instant(), id);
        return view(me, id);
    }

    @Transactional
    public Map<String, Object> approve(Official me, long id) {
        Campaign c = visible(me, id);
        if (me.id() != null && me.id() == c.authorId()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "approver_is_author", "Người soạn chiến dịch không được tự phê duyệt.");
        }
        if (!Official.LEADER.equals(me.role()) || me.unitId() == null || me.unitId() != c.unitId()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "approver_not_leader", "Chỉ lãnh đạo của đơn vị mới được phê duyệt chiến dịch.");
        }
        String broadcast = c.channels().contains(Channels.ZALO) && settings.zaloBroadcast() ? Campaign.B_PENDING : Campaign.B_NONE;
        try {
            transition(me, c, "UPDATE campaign SET status = 'SCHEDULED', approver_id = ?, approved_at = ?, zalo_broadcast = ?, "
                    + "updated_at = ? WHERE id = ? AND status = 'PENDING_APPROVAL'", "campaign.approve", Campaign.SCHEDULED,
                    me.id(), clock.instant(), broadcast, clock.instant(), id);
        } catch (DataAccessException e) {
            // ck_campaign_approver_not_author: the database's own guard of the two-person rule.
            throw new ApiException(HttpStatus.FORBIDDEN, "approver_is_author", "Người soạn chiến dịch không được tự phê duyệt.");
        }
        return view(me, id);
    }

    /** Stops sending: the campaign's pending messages wait (far in the future) until resumed. */
    @Transactional
    public Map<String, Object> pause(Official me, long id) {
        Campaign c = manageable(me, id);
        transition(me, c, "UPDATE campaign SET status = 'PAUSED', updated_at = ? WHERE id = ? AND status IN ('SCHEDULED', 'RUNNING')",
                "campaign.pause", Campaign.PAUSED, clock.instant(), id);
        campaigns.update("UPDATE outbox SET next_attempt_at = ? WHERE campaign_id = ? AND status = 'PENDING'", FAR_FUTURE, id);
        return view(me, id);
    }

    /** Back to SCHEDULED: the runner takes it up again at (or after) its time, from where expansion stopped. */
    @Transactional
    public Map<String, Object> resume(Official me, long id) {
        Campaign c = manageable(me, id);
        Instant now = clock.instant();
        transition(me, c, "UPDATE campaign SET status = 'SCHEDULED', updated_at = ? WHERE id = ? AND status = 'PAUSED'",
                "campaign.resume", Campaign.SCHEDULED, now, id);
        campaigns.update("UPDATE outbox SET next_attempt_at = ? WHERE campaign_id = ? AND status = 'PENDING' AND next_attempt_at = ?",
                now, id, FAR_FUTURE);
        return view(me, id);
    }

    /** Nothing more goes out; what was still pending is reported skipped (campaign_cancelled). */
    @Transactional
    public Map<String, Object> cancel(Official me, long id) {
        Campaign c = manageable(me, id);
        Instant now = clock.instant();
        transition(me, c, "UPDATE campaign SET status = 'CANCELLED', zalo_broadcast = CASE WHEN zalo_broadcast = 'PENDING' "
                        + "THEN 'SKIPPED' ELSE zalo_broadcast END, zalo_reason = CASE WHEN zalo_broadcast = 'PENDING' THEN ? "
                        + "ELSE zalo_reason END, updated_at = ? WHERE id = ? AND status NOT IN ('DONE', 'CANCELLED')",
                "campaign.cancel", Campaign.CANCELLED, CANCELLED_REASON, now, id);
        campaigns.update("UPDATE outbox SET status = 'SKIPPED', reason_code = ?, failure_reason = 'campaign cancelled', finished_at = ? "
                + "WHERE campaign_id = ? AND status = 'PENDING'", CANCELLED_REASON, now, id);
        return view(me, id);
    }

    private void transition(Official me, Campaign c, String sql, String action, String to, Object... args) {
        if (campaigns.update(sql, args) == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "invalid_status",
                    "Chiến dịch đang ở trạng thái " + c.status() + ", không thể chuyển sang " + to + ".");
        }
        audit.record(me.username(), c.unitId(), action, "campaign:" + c.id(), audit.json("status", c.status()), audit.json("status", to));
    }

    @Transactional
    public Map<String, Object> get(Official me, long id) {
        visible(me, id);
        return view(me, id);
    }

    /** The campaigns of a unit {@code me} sees, newest first, as {@link #get} shows each. */
    @Transactional
    public List<Map<String, Object>> list(Official me, long unitId) {
        if (!CurrentOfficial.seesUnit(me, unitId)) {
            throw ApiException.notFound("Không tìm thấy đơn vị.");
        }
        return campaigns.forUnit(unitId, 100).stream().map(c -> view(me, c.id())).toList();
    }

    private Campaign visible(Official me, long id) {
        return campaigns.find(id).filter(c -> CurrentOfficial.seesUnit(me, c.unitId()))
                .orElseThrow(() -> ApiException.notFound("Không tìm thấy chiến dịch."));
    }

    /** Pause, resume, cancel: the unit's leaders and administrators, or the author. */
    private Campaign manageable(Official me, long id) {
        Campaign c = visible(me, id);
        if (Official.OFFICIAL.equals(me.role()) && (me.id() == null || me.id() != c.authorId())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ người soạn hoặc lãnh đạo đơn vị mới được thao tác với chiến dịch này.");
        }
        return c;
    }

    private Map<String, Object> view(Official me, long id) {
        Campaign c = campaigns.find(id).orElseThrow();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", c.id());
        v.put("status", c.status());
        v.put("unit", units.byId(c.unitId()).map(Unit::code).orElse(null));
        v.put("title", c.title());
        v.put("template", c.template());
        v.put("channels", c.channels());
        v.put("scheduledAt", OfficeHours.iso(c.scheduledAt()));
        v.put("author", officials.findById(c.authorId()).map(Official::username).orElse(null));
        v.put("approver", c.approverId() == null ? null : officials.findById(c.approverId()).map(Official::username).orElse(null));
        v.put("audience", c.audience());
        v.put("variables", variables(c));
        v.put("text", c.body());
        v.put("report", report(c));
        return v;
    }

    /** By channel: sent, pending, skipped by reason, failed by code; Zalo's Article broadcast beside its personal messages. */
    Map<String, Object> report(Campaign c) {
        Map<String, Map<String, Object>> report = new LinkedHashMap<>();
        for (String channel : c.channels()) {
            report.put(channel, emptyCounts());
        }
        for (Map<String, Object> row : campaigns.outcomes(c.id())) {
            Map<String, Object> counts = report.computeIfAbsent((String) row.get("channel"), k -> emptyCounts());
            long n = (Long) row.get("n");
            String reason = row.get("reason") == null ? "unknown" : (String) row.get("reason");
            switch ((String) row.get("status")) {
                case "SENT" -> counts.merge("sent", n, (a, b) -> (Long) a + (Long) b);
                case "PENDING" -> counts.merge("pending", n, (a, b) -> (Long) a + (Long) b);
                case "SKIPPED" -> add(counts, "skipped", reason, n);
                default -> add(counts, "failed", reason, n);
            }
        }
        if (c.channels().contains(Channels.ZALO) && !Campaign.B_NONE.equals(c.zaloBroadcast())) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("status", c.zaloBroadcast());
            b.put("reason", c.zaloReason());
            b.put("sentAt", OfficeHours.iso(c.zaloBroadcastAt()));
            report.get(Channels.ZALO).put("broadcast", b);
        }
        return new LinkedHashMap<>(report);
    }

    private static Map<String, Object> emptyCounts() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sent", 0L);
        m.put("pending", 0L);
        m.put("skipped", new LinkedHashMap<String, Long>());
        m.put("failed", new LinkedHashMap<String, Long>());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> counts, String key, String reason, long n) {
        ((Map<String, Long>) counts.get(key)).merge(reason, n, Long::sum);
    }

    /** What the approver approves besides the text: who receives it, per channel and platform rule. */
    String audience(List<String> channels) {
        List<String> parts = new ArrayList<>();
        for (String ch : channels) {
            switch (ch) {
                case Channels.ZALO -> {
                    if (settings.zaloBroadcast()) {
                        parts.add("zalo: mọi người quan tâm OA (Article broadcast, 06:00–21:59)");
                    }
                    if (settings.zaloPersonal()) {
                        parts.add("zalo: tin tư vấn tới người quan tâm có tương tác trong 7 ngày");
                    }
                }
                case Channels.MESSENGER -> parts.add("messenger: người theo dõi đã nhắn trong 24 giờ");
                default -> parts.add("web: hội thoại web mở trong " + settings.getWebOpenDays() + " ngày");
            }
        }
        return String.join("; ", parts);
    }

    /** The campaign's text for its unit; the template name is looked up under "campaigns.". */
    String render(Unit unit, Fields f) {
        String name = templateName(f.template());
        Map<String, Object> campaign = new HashMap<>(f.variables());
        campaign.putIfAbsent("title", f.title());
        Map<String, Object> context = new HashMap<>(UnitContext.of(unit, units));   // {"unit": {...}}
        context.put("campaign", campaign);
        try {
            return Normalizer.normalize(templates.render(name, context), Normalizer.Form.NFC);
        } catch (RuntimeException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "template_error", "Không dựng được nội dung từ mẫu '" + f.template()
                    + "': " + e.getMessage());
        }
    }

    String render(Campaign c) {
        return c.body() != null ? c.body() : render(units.byId(c.unitId()).orElseThrow(), fields(Map.of(), c));
    }

    private String templateName(String template) {
        for (String candidate : List.of("campaigns." + template, template)) {
            if (templates.has(candidate)) {
                return candidate;
            }
        }
        throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_template", "Không có mẫu lời chúc '" + template + "'.");
    }

    private Fields fields(Map<String, Object> body, Campaign current) {
        String template = current == null || body.containsKey("template") ? text(body, "template", true) : current.template();
        templateName(template);
        String title = current == null || body.containsKey("title") ? text(body, "title", true) : current.title();
        if (title.length() > 200) {
            throw ApiException.badRequest("Tiêu đề tối đa 200 ký tự.");
        }
        List<String> channels;
        if (current == null || body.containsKey("channels")) {
            if (!(body.get("channels") instanceof List<?> list) || list.isEmpty()) {
                throw ApiException.badRequest("Cần chọn ít nhất một kênh: zalo, messenger, web.");
            }
            Set<String> set = new LinkedHashSet<>();
            for (Object o : list) {
                if (!(o instanceof String s) || !CHANNELS.contains(s)) {
                    throw ApiException.badRequest("Kênh không hợp lệ: " + o + " (chỉ zalo, messenger, web).");
                }
                set.add(s);
            }
            channels = List.copyOf(set);
        } else {
            channels = current.channels();
        }
        Instant scheduledAt;
        if (current == null || body.containsKey("scheduledAt")) {
            try {
                scheduledAt = OffsetDateTime.parse(text(body, "scheduledAt", true)).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("scheduledAt phải có dạng 2026-12-31T19:00:00+07:00.");
            }
        } else {
            scheduledAt = current.scheduledAt();
        }
        Map<String, String> variables = new LinkedHashMap<>();
        Object raw = current == null || body.containsKey("variables") ? body.get("variables") : variables(current);
        if (raw instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                if (!CampaignTemplateVariables.FIELDS.contains(key)) {
                    throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_variable", "Biến không có trong mẫu: " + key
                            + " (chỉ " + String.join(", ", CampaignTemplateVariables.FIELDS.stream().sorted().toList()) + ").");
                }
                String value = e.getValue() == null ? "" : String.valueOf(e.getValue());
                if (value.length() > 200) {
                    throw ApiException.badRequest("Giá trị của biến " + key + " tối đa 200 ký tự.");
                }
                variables.put(key, value);
            }
        } else if (raw != null) {
            throw ApiException.badRequest("variables phải là một đối tượng JSON.");
        }
        return new Fields(template, title, channels, scheduledAt, variables);
    }

    private Map<String, String> variables(Campaign c) {
        if (c.variablesJson() == null) {
            return Map.of();
        }
        try {
            return json.readValue(c.variablesJson(), Argument.mapOf(String.class, String.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Map<String, Object> body, String key, boolean required) {
        Object v = body.get(key);
        if (v instanceof String s && !s.isBlank()) {
            return s.strip();
        }
        if (required) {
            throw ApiException.badRequest("Thiếu trường bắt buộc: " + key + ".");
        }
        return null;
    }

    private String toJson(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outbox body of every personal campaign message: the frozen text. */
    String replyJson(String text) {
        return toJson(Reply.of(text));
    }
}
