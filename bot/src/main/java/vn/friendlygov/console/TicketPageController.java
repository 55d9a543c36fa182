package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketEvent;
import vn.friendlygov.ticket.TicketService;
import vn.friendlygov.ticket.TicketStatus;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The case page ({@code /console/tickets/{code}}): what the resident wrote, photo and location, the
 * timeline with every delivery and its outcome, and the official's moves — reply, change status,
 * reject with a reason, reassign — through {@link TicketService}, so the resident is told on their
 * own channel and every move is in the audit log. The case is loaded in the caller's scope only.
 */
@Controller("/console/tickets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketPageController {
    private static final int MAX_TEXT = 4000;

    /** A timeline line; {@code bad}: a message that was not delivered. */
    public record Line(String at, String what, String actor, @Nullable String note, boolean bad) {
    }

    /** A row of the delivery report (API.md "deliveries"), in Vietnamese. */
    public record DeliveryRow(String kind, String to, String channel, String status, @Nullable String reason, String at, boolean bad) {
    }

    public record Choice(String username, String label) {
    }

    private static final Map<String, String> EVENTS = Map.ofEntries(
            Map.entry("CREATED", "Tiếp nhận"), Map.entry("ASSIGNED", "Giao cán bộ"), Map.entry("IN_PROGRESS", "Đang xử lý"),
            Map.entry("ANSWERED", "Trả lời người dân"), Map.entry("CLOSED", "Hoàn thành"), Map.entry("REJECTED", "Từ chối"),
            Map.entry("RATED", "Người dân đánh giá"), Map.entry("COMMENT", "Người dân góp ý"), Map.entry("FLAGGED", "Báo lãnh đạo"),
            Map.entry("REMINDED", "Nhắc hạn"), Map.entry("ESCALATED", "Báo quá hạn cho lãnh đạo"),
            Map.entry("ESCALATED_2", "Báo quá hạn cho Chủ tịch"), Map.entry("APOLOGY_QUEUED", "Thư xin lỗi chờ gửi"),
            Map.entry("LETTER_QUEUED", "Thư chờ gửi"),
            Map.entry("DELIVERY_SENT", "Đã gửi"), Map.entry("DELIVERY_SKIPPED", "Không gửi"), Map.entry("DELIVERY_FAILED", "Gửi lỗi"));
    private static final Map<String, String> KINDS = Map.of("acknowledgement", "Xác nhận tiếp nhận", "status_update", "Cập nhật trạng thái",
            "answer", "Câu trả lời", "rating_request", "Mời đánh giá", "apology", "Thư xin lỗi", "letter", "Thư", "assignment", "Giao việc",
            "reminder", "Nhắc hạn", "escalation", "Báo quá hạn", "dissatisfaction", "Chưa hài lòng");
    private static final Map<String, String> DELIVERY = Map.of(OutboxRow.PENDING, "đang chờ gửi", OutboxRow.SENT, "đã gửi",
            OutboxRow.SKIPPED, "không gửi", OutboxRow.FAILED, "gửi lỗi");
    private static final Map<String, String> RATINGS = Map.of(TicketService.HAI_LONG, "Hài lòng",
            TicketService.BINH_THUONG, "Bình thường", TicketService.KHONG_HAI_LONG, "Không hài lòng");

    private final ConsolePages pages;
    private final ConsoleCases cases;
    private final TicketService service;
    private final TicketCatalog catalog;
    private final OfficialRepository officials;
    private final UnitRepository units;
    private final OutboxRepository outbox;
    private final ConsolePhotos photos;
    private final Clock clock;

    public TicketPageController(ConsolePages pages, ConsoleCases cases, TicketService service, TicketCatalog catalog,
                                OfficialRepository officials, UnitRepository units, OutboxRepository outbox, ConsolePhotos photos,
                                Clock clock) {
        this.pages = pages;
        this.cases = cases;
        this.service = service;
        this.catalog = catalog;
        this.officials = officials;
        this.units = units;
        this.outbox = outbox;
        this.photos = photos;
        this.clock = clock;
    }

    @Get(value = "/{code}{?unit}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                       @Nullable @QueryValue String unit) {
        Official me = pages.me(auth);
        Ticket t = cases.find(me, code, unit);
        Map<String, Object> m = pages.model(request, auth, me, "Phản ánh " + t.getCode());
        TicketStatus status = t.statusValue();
        m.put("t", t);
        // Form actions: base + "/reply" + q.
        m.put("base", "/console/tickets/" + t.getCode());
        m.put("q", unit == null ? "" : "?unit=" + URLEncoder.encode(unit, StandardCharsets.UTF_8));
        m.put("statusLabel", status.label());
        m.put("category", catalog.name(t.getCategory()));
        m.put("unitName", units.findById(t.getUnitId()).map(Unit::name).orElse(""));
        m.put("assignee", t.getAssigneeId() == null ? null : officials.findById(t.getAssigneeId()).map(Official::fullName).orElse(null));
        m.put("created", ConsolePages.shown(t.getCreatedAt()));
        m.put("due", ConsolePages.shown(t.getDueAt()));
        m.put("overdue", cases.overdue(t));
        m.put("answeredAt", ConsolePages.shown(t.getAnsweredAt()));
        m.put("rating", t.getRating() == null ? null : RATINGS.getOrDefault(t.getRating(), t.getRating()));
        m.put("map", t.getLatitude() == null || t.getLongitude() == null ? null : String.format(Locale.ROOT,
                "https://www.openstreetmap.org/?mlat=%.6f&mlon=%.6f#map=18/%.6f/%.6f", t.getLatitude(), t.getLongitude(),
                t.getLatitude(), t.getLongitude()));
        m.put("photo", photos.has(t.getId()));
        m.put("photoLink", t.getPhotoUrl() != null && t.getPhotoUrl().startsWith("https://") ? t.getPhotoUrl() : null);
        m.put("timeline", service.events(t).stream().map(TicketPageController::line).toList());
        m.put("deliveries", deliveries(t));
        m.put("canReply", status.canMoveTo(TicketStatus.ANSWERED));
        m.put("canProgress", status.canMoveTo(TicketStatus.IN_PROGRESS));
        m.put("canClose", status.canMoveTo(TicketStatus.CLOSED));
        m.put("canReject", status.canMoveTo(TicketStatus.REJECTED));
        m.put("canAssign", status.canMoveTo(TicketStatus.ASSIGNED));
        m.put("team", officials.findByUnitIdAndActive(t.getUnitId(), true).stream()
                .sorted((a, b) -> a.fullName().compareTo(b.fullName()))
                .map(o -> new Choice(o.username(), o.fullName() + (o.title() == null ? "" : " — " + o.title()))).toList());
        return HttpResponse.ok(ConsolePages.view("console/ticket", m));
    }

    /** The kept photo, served from here (never the platform's link); scoped like the page. */
    @Get("/{code}/photo{?unit}")
    public MutableHttpResponse<?> photo(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit) {
        Ticket t = cases.find(pages.me(auth), code, unit);
        ConsolePhotos.Photo p = photos.find(t.getId()).orElseThrow(() -> ApiException.notFound("Phản ánh này không có ảnh lưu lại."));
        return HttpResponse.ok(p.bytes()).contentType(p.contentType()).header("Content-Disposition", "inline");
    }

    @Post(value = "/{code}/reply{?unit}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> reply(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                                        @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Ticket t = cases.find(me, code, unit);
        String text = text(form.get("text"), "Câu trả lời");
        service.reply(t, me, text, clock.instant());
        return back(t, unit, "replied");
    }

    @Post(value = "/{code}/status{?unit}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> status(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                                         @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Ticket t = cases.find(me, code, unit);
        TicketStatus to;
        try {
            to = TicketStatus.valueOf(form.getOrDefault("status", "").strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Trạng thái không hợp lệ.");
        }
        if (to == TicketStatus.REJECTED) {
            String reason = text(form.get("reason"), "Lý do từ chối");
            String forward = form.get("forwardTo");
            service.changeStatus(t, me, to, reason, forward == null || forward.isBlank() ? null : clip(forward.strip(), 300), clock.instant());
            return back(t, unit, "rejected");
        }
        service.changeStatus(t, me, to, null, null, clock.instant());
        return back(t, unit, "status");
    }

    @Post(value = "/{code}/assign{?unit}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> assign(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                                         @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Ticket t = cases.find(me, code, unit);
        String username = form.getOrDefault("assignee", "").strip();
        Official assignee = officials.findByUsername(username).filter(o -> o.active() && t.getUnitId().equals(o.unitId()))
                .orElseThrow(() -> ApiException.badRequest("Chọn một cán bộ của đơn vị để giao phản ánh."));
        service.assign(t, me, assignee, clock.instant());
        return back(t, unit, "assigned");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static MutableHttpResponse<?> back(Ticket t, @Nullable String unit, String done) {
        return ConsolePages.redirect("/console/tickets/" + t.getCode()
                + (unit == null ? "" : "?unit=" + URLEncoder.encode(unit, StandardCharsets.UTF_8)), done);
    }

    private static String text(@Nullable String value, String what) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX_TEXT) {
            throw ApiException.badRequest(what + " phải có 1–" + MAX_TEXT + " ký tự.");
        }
        return v;
    }

    private static String clip(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    private static Line line(TicketEvent e) {
        return new Line(ConsolePages.shown(e.createdAt()), EVENTS.getOrDefault(e.type(), e.type()), e.actor(), e.note(),
                e.type().equals("DELIVERY_SKIPPED") || e.type().equals("DELIVERY_FAILED"));
    }

    /** As the API's {@code deliveries}: a long message (several rows, "#n" parts) once, with its least happy outcome. */
    private List<DeliveryRow> deliveries(Ticket t) {
        Map<String, OutboxRow> byMessage = new LinkedHashMap<>();
        for (OutboxRow r : outbox.findByTicketIdOrderById(t.getId())) {
            byMessage.merge(r.dedupeKey().replaceFirst("#\\d+$", ""), r, (a, b) -> rank(b.status()) > rank(a.status()) ? b : a);
        }
        return byMessage.values().stream().map(r -> {
            boolean bad = OutboxRow.SKIPPED.equals(r.status()) || OutboxRow.FAILED.equals(r.status());
            Instant at = OutboxRow.SENT.equals(r.status()) ? r.sentAt() : r.finishedAt() != null ? r.finishedAt() : r.createdAt();
            String to = r.audience() == null || "resident".equals(r.audience()) ? "người dân" : "cán bộ " + r.audience();
            return new DeliveryRow(r.purpose() == null ? "Tin nhắn" : KINDS.getOrDefault(r.purpose(), r.purpose()), to, r.channel(),
                    DELIVERY.getOrDefault(r.status(), r.status()), bad ? r.reasonCode() : null, ConsolePages.shown(at), bad);
        }).toList();
    }

    private static int rank(String status) {
        return switch (status) {
            case OutboxRow.FAILED -> 3;
            case OutboxRow.SKIPPED -> 2;
            case OutboxRow.PENDING -> 1;
            default -> 0;
        };
    }
}
