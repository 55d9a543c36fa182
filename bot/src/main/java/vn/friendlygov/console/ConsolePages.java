package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.micronaut.core.io.Writable;
import io.micronaut.http.MediaType;
import io.micronaut.views.thymeleaf.ThymeleafViewsRenderer;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.calendar.ScheduleWatch;
import vn.friendlygov.notify.NotificationRepository;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/**
 * The helper every console page uses (see console/README.md): the signed-in official, the model the
 * layout needs (a mutable map: the views' model processors skip immutable ones), rendering, and
 * ApiExceptions from the services turned into a page with the same Vietnamese message.
 */
@Singleton
public class ConsolePages {
    public static final String LOGIN = "/console/login";
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("HH:mm dd/MM/yyyy").withZone(OfficeHours.ZONE);

    private final CurrentOfficial current;
    private final NotificationRepository notifications;
    private final UnitRepository units;
    private final ScheduleWatch schedule;

    private final ThymeleafViewsRenderer<Map<String, Object>> renderer;

    public ConsolePages(CurrentOfficial current, NotificationRepository notifications, UnitRepository units,
                        ScheduleWatch schedule, ThymeleafViewsRenderer<Map<String, Object>> renderer) {
        this.schedule = schedule;
        this.renderer = renderer;
        this.current = current;
        this.notifications = notifications;
        this.units = units;
    }

    public static boolean isConsole(String path) {
        return path.equals("/console") || path.startsWith("/console/");
    }

    /** The signed-in official, read fresh (403 when disabled or without a unit). */
    public Official me(Authentication auth) {
        return current.of(auth);
    }

    /**
     * The model of a page in the layout: {@code title}, {@code me}, {@code unitName}, {@code unread}
     * (the notification badge), {@code csrf} (every form's hidden {@code csrfToken}), {@code nonce}
     * (a script's CSP nonce), {@code leader}/{@code admin} for the menu, {@code scheduleBanner} (administrators:
     * next year's holiday schedule is missing). Add the page's own values.
     */
    public Map<String, Object> model(HttpRequest<?> request, Authentication auth, Official me, String title) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("me", me);
        m.put("unitName", me.unitId() == null ? "Toàn hệ thống" : units.findById(me.unitId()).map(Unit::name).orElse(""));
        m.put("unread", notifications.countByOfficialIdAndReadAtIsNull(me.id()));
        m.put("csrf", csrf(auth));
        m.put("nonce", nonce(request));
        m.put("leader", Official.LEADER.equals(me.role()) || Official.ADMIN.equals(me.role()));
        m.put("admin", Official.ADMIN.equals(me.role()));
        m.put("manager", Official.LEADER.equals(me.role()) || Official.ADMIN.equals(me.role()));
        // From October until next year's holiday schedule is loaded (calendar/ScheduleWatch).
        m.put("scheduleBanner", Official.ADMIN.equals(me.role()) ? schedule.banner().orElse(null) : null);
        m.put("path", request.getPath());
        m.put("ok", request.getParameters().getFirst("ok").map(DONE::get).orElse(null));
        return m;
    }

    /** The code of the official's unit (404 for an account without one). */
    public String unitCode(Official me) {
        return (me.unitId() == null ? java.util.Optional.<Unit>empty() : units.findById(me.unitId())).map(Unit::code)
                .orElseThrow(() -> vn.friendlygov.api.ApiException.notFound("Tài khoản chưa thuộc đơn vị nào."));
    }

    public static String csrf(Authentication auth) {
        Object t = auth.getAttributes().get(ConsoleSessionFetcher.CSRF);
        return t == null ? "" : t.toString();
    }

    public static String nonce(HttpRequest<?> request) {
        return request.getAttribute(ConsoleHeaders.NONCE, String.class).orElse("");
    }

    public static ModelAndView<Map<String, Object>> view(String name, Map<String, Object> model) {
        return new ModelAndView<>(name, model);
    }

    /**
     * What a page says after a form (303 back with {@code ?ok=<key>}): keys, never text, in the URL,
     * so a link cannot make the console display words of the sender's choosing. Add yours here.
     */
    public static final Map<String, String> DONE = Map.ofEntries(
            Map.entry("password", "Đã đổi mật khẩu."),
            Map.entry("read", "Đã đánh dấu tất cả thông báo là đã đọc."),
            Map.entry("replied", "Đã gửi câu trả lời cho người dân."),
            Map.entry("status", "Đã đổi trạng thái phản ánh."),
            Map.entry("assigned", "Đã giao phản ánh cho cán bộ."),
            Map.entry("rejected", "Đã từ chối phản ánh và báo cho người dân."),
            Map.entry("created", "Đã tạo tài khoản."),
            Map.entry("saved", "Đã lưu thay đổi."),
            Map.entry("taken", "Anh/chị đã nhận cuộc trò chuyện; người dân chờ câu trả lời."),
            Map.entry("sent", "Đã đưa tin nhắn vào hàng gửi; trạng thái gửi hiện bên dưới."),
            Map.entry("handed_back", "Đã trả cuộc trò chuyện cho trợ lý ảo và báo người dân."),
            Map.entry("noted", "Đã lưu ghi chú nội bộ (người dân không thấy)."),
            Map.entry("suggested", "Đã đề xuất câu hỏi cho kho tri thức."),
            Map.entry("deleted", "Đã xoá."),
            Map.entry("letter_sent", "Đã đưa thư vào hàng gửi; kết quả gửi hiện bên dưới."),
            Map.entry("template_saved", "Đã lưu mẫu; từ nay tin gửi đi dùng nội dung mới."),
            Map.entry("campaign_submit", "Đã gửi chiến dịch để lãnh đạo khác phê duyệt; nội dung đã được cố định."),
            Map.entry("campaign_approve", "Đã phê duyệt; chiến dịch sẽ gửi đúng giờ đã hẹn."),
            Map.entry("campaign_pause", "Đã tạm dừng gửi."),
            Map.entry("campaign_resume", "Đã tiếp tục chiến dịch."),
            Map.entry("campaign_cancel", "Đã huỷ chiến dịch; các tin chưa gửi sẽ không gửi nữa."),
            Map.entry("reloaded", "Đã nạp lại kho tri thức."),
            Map.entry("retried", "Đã đưa tin nhắn vào hàng gửi lại."));

    /** After a form: 303 back to a page, which shows {@link #DONE}{@code .get(key)}. */
    public static MutableHttpResponse<?> redirect(String path, @Nullable String key) {
        String to = key == null ? path : path + (path.contains("?") ? "&" : "?") + "ok=" + URLEncoder.encode(key, StandardCharsets.UTF_8);
        return HttpResponse.seeOther(URI.create(to));
    }

    /**
     * A page saying what went wrong (the layout without the menu), rendered here: it is also the
     * answer of filters and security refusals, which the views filter never sees.
     */
    public MutableHttpResponse<?> problem(HttpRequest<?> request, HttpStatus status, String title, String message) {
        Map<String, Object> m = new HashMap<>();
        m.put("title", title);
        m.put("message", message);
        m.put("nonce", nonce(request));
        m.put("csrf", request.getUserPrincipal(Authentication.class).map(ConsolePages::csrf).orElse(""));
        m.put("signedIn", request.getUserPrincipal(Authentication.class).isPresent());
        java.io.StringWriter html = new java.io.StringWriter();
        try {
            Writable w = renderer.render("console/problem", m, request);
            w.writeTo(html);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return HttpResponse.status(status).contentType(MediaType.TEXT_HTML_TYPE.toString() + ";charset=utf-8").body(html.toString());
    }

    /** An ApiException from a service, as a page: 404 stays 404 (another unit's case does not exist for them). */
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        String title = switch (e.status()) {
            case NOT_FOUND -> "Không tìm thấy";
            case FORBIDDEN -> "Không có quyền";
            case CONFLICT -> "Không thực hiện được";
            default -> "Thông tin chưa hợp lệ";
        };
        return problem(request, e.status(), title, e.getMessage());
    }

    /** "14:05 02/12/2026" in Vietnamese time. */
    public static String shown(@Nullable Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }
}
