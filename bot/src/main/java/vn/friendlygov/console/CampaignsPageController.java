package vn.friendlygov.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.broadcast.CampaignProposals;
import vn.friendlygov.broadcast.CampaignService;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.security.Official;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Greetings in the chairman's name, in the console: the coming holidays as proposals, drafts, the
 * second person's approval, pause / resume / cancel, live progress and the report by channel — all
 * through {@link CampaignService} (the same rules as the API; the database enforces the two persons).
 */
@Controller("/console/campaigns")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class CampaignsPageController {
    static final Map<String, String> STATUS = Map.of("DRAFT", "Bản nháp", "PENDING_APPROVAL", "Chờ phê duyệt",
            "SCHEDULED", "Đã duyệt, chờ đến giờ gửi", "RUNNING", "Đang gửi", "PAUSED", "Tạm dừng", "CANCELLED", "Đã huỷ",
            "DONE", "Đã gửi xong");
    static final Map<String, String> REASONS = Map.ofEntries(
            Map.entry("opted_out", "người dân đã hủy nhận tin"),
            Map.entry("outside_24h_window", "ngoài 24 giờ của Messenger"),
            Map.entry("outside_7_day_window", "ngoài 7 ngày của Zalo"),
            Map.entry("zalo_package_cap", "hết hạn mức gói Zalo OA"),
            Map.entry("zalo_daily_cap", "đã đủ số tin Zalo trong ngày cho người này"),
            Map.entry("night_hours", "giờ đêm (22:00–06:00)"),
            Map.entry("not_follower", "không còn quan tâm OA"),
            Map.entry("campaign_cancelled", "chiến dịch đã huỷ"),
            Map.entry("recipient_unavailable", "người nhận không còn trên nền tảng"));
    private static final Map<String, String> CHANNELS = Map.of(Channels.ZALO, "Zalo", Channels.MESSENGER, "Messenger",
            Channels.WEB, "Khung chat trên trang web");

    private final ConsolePages pages;
    private final CampaignService campaigns;
    private final CampaignProposals proposals;

    public CampaignsPageController(ConsolePages pages, CampaignService campaigns, CampaignProposals proposals) {
        this.pages = pages;
        this.campaigns = campaigns;
        this.proposals = proposals;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Thư chúc mừng");
        m.put("campaigns", me.unitId() == null ? List.of() : campaigns.list(me, me.unitId()).stream().map(CampaignsPageController::row).toList());
        m.put("proposals", proposals.upcoming());
        m.put("hasUnit", me.unitId() != null);
        return HttpResponse.ok(ConsolePages.view("console/campaigns", m));
    }

    /** A draft from a proposal (or the form): the channels ticked, the schedule in Vietnamese time. */
    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> create(Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Map<String, Object> body = body(form);
        body.put("unit", pages.unitCode(me));
        Map<String, Object> created = campaigns.create(me, body);
        return ConsolePages.redirect("/console/campaigns/" + created.get("id"), "saved");
    }

    @Get(value = "/{id}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @PathVariable String id) {
        Official me = pages.me(auth);
        Map<String, Object> c = campaigns.get(me, parse(id));
        Map<String, Object> m = pages.model(request, auth, me, "Chiến dịch: " + c.get("title"));
        m.put("c", row(c));
        m.put("base", "/console/campaigns/" + c.get("id"));
        String status = (String) c.get("status");
        m.put("editable", List.of("DRAFT", "PENDING_APPROVAL", "SCHEDULED").contains(status));
        m.put("canSubmit", "DRAFT".equals(status));
        m.put("canApprove", "PENDING_APPROVAL".equals(status) && Official.LEADER.equals(me.role()) && !me.username().equals(c.get("author")));
        m.put("authorWaits", "PENDING_APPROVAL".equals(status) && me.username().equals(c.get("author")));
        m.put("canPause", List.of("SCHEDULED", "RUNNING").contains(status));
        m.put("canResume", "PAUSED".equals(status));
        m.put("canCancel", !List.of("DONE", "CANCELLED").contains(status));
        m.put("live", List.of("SCHEDULED", "RUNNING").contains(status));
        @SuppressWarnings("unchecked")
        List<String> channels = (List<String>) c.get("channels");
        m.put("hasMessenger", channels.contains(Channels.MESSENGER));
        m.put("report", report(c));
        OffsetDateTime at = OffsetDateTime.parse((String) c.get("scheduledAt"));
        m.put("date", at.toLocalDate().toString());
        m.put("time", at.toLocalTime().toString());
        m.put("ticked", channels);
        return HttpResponse.ok(ConsolePages.view("console/campaign", m));
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> update(Authentication auth, @PathVariable String id, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Map<String, Object> body = body(form);
        body.remove("template");   // the template stays; its variables were frozen with the draft
        campaigns.update(me, parse(id), body);
        return ConsolePages.redirect("/console/campaigns/" + parse(id), "saved");
    }

    @Post(value = "/{id}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> act(Authentication auth, @PathVariable String id, @PathVariable String action) {
        Official me = pages.me(auth);
        long n = parse(id);
        switch (action) {
            case "submit" -> campaigns.submit(me, n);
            case "approve" -> campaigns.approve(me, n);
            case "pause" -> campaigns.pause(me, n);
            case "resume" -> campaigns.resume(me, n);
            case "cancel" -> campaigns.cancel(me, n);
            default -> throw ApiException.notFound("Không có thao tác này.");
        }
        return ConsolePages.redirect("/console/campaigns/" + n, "campaign_" + action);
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    /** The form's fields as the API's body: {@code ch_zalo=on}…, {@code date} + {@code time}, {@code var_<name>}. */
    static Map<String, Object> body(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (form.get("template") != null) {
            body.put("template", form.get("template"));
        }
        body.put("title", form.getOrDefault("title", ""));
        List<String> channels = new ArrayList<>();
        for (String ch : List.of(Channels.ZALO, Channels.MESSENGER, Channels.WEB)) {
            if (form.containsKey("ch_" + ch)) {
                channels.add(ch);
            }
        }
        body.put("channels", channels);
        try {
            LocalDate date = LocalDate.parse(form.getOrDefault("date", ""));
            LocalTime time = LocalTime.parse(form.getOrDefault("time", ""));
            body.put("scheduledAt", date.atTime(time).atZone(vn.friendlygov.calendar.OfficeHours.ZONE).toOffsetDateTime().toString());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Ngày và giờ gửi chưa đúng (ngày dd/mm/yyyy, giờ hh:mm).");
        }
        Map<String, String> variables = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("var_") && k.length() <= 40) {
                variables.put(k.substring(4), v);
            }
        });
        if (!variables.isEmpty()) {
            body.put("variables", variables);
        }
        return body;
    }

    private static Map<String, Object> row(Map<String, Object> c) {
        Map<String, Object> r = new LinkedHashMap<>(c);
        r.put("statusLabel", STATUS.getOrDefault((String) c.get("status"), (String) c.get("status")));
        OffsetDateTime at = OffsetDateTime.parse((String) c.get("scheduledAt"));
        r.put("scheduledShown", ConsolePages.shown(at.toInstant()));
        @SuppressWarnings("unchecked")
        List<String> channels = (List<String>) c.get("channels");
        r.put("channelNames", String.join(", ", channels.stream().map(ch -> CHANNELS.getOrDefault(ch, ch)).toList()));
        return r;
    }

    /** One line per channel: sent, pending, skipped by reason, failed by code, in Vietnamese. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> report(Map<String, Object> c) {
        List<Map<String, Object>> out = new ArrayList<>();
        ((Map<String, Map<String, Object>>) c.get("report")).forEach((channel, counts) -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("channel", CHANNELS.getOrDefault(channel, channel));
            line.put("sent", counts.get("sent"));
            line.put("pending", counts.get("pending"));
            line.put("skipped", ((Map<String, Long>) counts.get("skipped")).entrySet().stream()
                    .map(e -> REASONS.getOrDefault(e.getKey(), e.getKey()) + ": " + e.getValue()).toList());
            line.put("failed", ((Map<String, Long>) counts.get("failed")).entrySet().stream()
                    .map(e -> "mã " + e.getKey() + ": " + e.getValue()).toList());
            Map<String, Object> broadcast = (Map<String, Object>) counts.get("broadcast");
            line.put("broadcast", broadcast == null ? null : "Bài viết (Article broadcast) tới mọi người quan tâm OA: "
                    + switch (String.valueOf(broadcast.get("status"))) {
                        case "PENDING" -> "chờ gửi";
                        case "SENDING" -> "đang gửi";
                        case "SENT" -> "đã gửi";
                        case "SKIPPED" -> "không gửi (" + REASONS.getOrDefault(String.valueOf(broadcast.get("reason")), String.valueOf(broadcast.get("reason"))) + ")";
                        default -> "lỗi " + broadcast.get("reason");
                    });
            out.add(line);
        });
        return out;
    }

    private static long parse(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không tìm thấy chiến dịch.");
        }
        return Long.parseLong(id);
    }
}
