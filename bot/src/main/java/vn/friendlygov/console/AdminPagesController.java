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
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.admin.HolidayScheduleService;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.retention.RetentionSettings;
import vn.friendlygov.security.Official;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The administration index ({@code /console/admin}) and the yearly holiday schedule
 * ({@code /console/admin/holidays}): the loaded years, a year's days off and make-up working days, the
 * days entered here with their documents; administrators of every unit add and delete them.
 */
@Controller("/console/admin")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminPagesController {
    public record YearRow(int year, String source) {
    }

    public record DayRow(String date, String name) {
    }

    public record EnteredRow(long id, String date, String kind, String name, String document, String createdBy) {
    }

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM/yyyy", java.util.Locale.forLanguageTag("vi"));

    private final ConsolePages pages;
    private final HolidayScheduleService holidays;
    private final HolidayCalendar calendar;
    private final Clock clock;
    private final RetentionSettings retention;

    public AdminPagesController(ConsolePages pages, HolidayScheduleService holidays, HolidayCalendar calendar, Clock clock,
                                RetentionSettings retention) {
        this.retention = retention;
        this.pages = pages;
        this.holidays = holidays;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> index(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Quản trị");
        m.put("retention", List.of(
                new DayRow(kept(retention.getInboxEvents()), "Sự kiện webhook đã xử lý (dữ liệu gốc từ Zalo, Messenger)"),
                new DayRow(kept(retention.getSentOutbox()), "Bản ghi tin nhắn đã gửi"),
                new DayRow(kept(retention.getMessages()), "Tin nhắn của cuộc trò chuyện không có phản ánh"),
                new DayRow(kept(retention.getPhotos()), "Ảnh kèm phản ánh")));
        m.put("retentionOn", retention.isEnabled());
        return HttpResponse.ok(ConsolePages.view("console/admin", m));
    }

    /** The OpenAPI document generated at build time, shown to administrators (served from the classpath, no CDN). */
    @Get(value = "/api", produces = MediaType.TEXT_HTML)
    @Secured(Official.ADMIN)
    public MutableHttpResponse<?> api(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Tài liệu API");
        m.put("document", openApi());
        return HttpResponse.ok(ConsolePages.view("console/api", m));
    }

    @Get(value = "/api/openapi.yml", produces = "application/yaml")
    @Secured(Official.ADMIN)
    public MutableHttpResponse<?> apiDocument() {
        return HttpResponse.ok(openApi()).contentType("application/yaml;charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"friendlygov-openapi.yml\"");
    }

    static String openApi() {
        try (java.io.InputStream in = AdminPagesController.class.getClassLoader().getResourceAsStream(vn.friendlygov.Application.OPENAPI)) {
            if (in == null) {
                throw new ApiException(io.micronaut.http.HttpStatus.NOT_FOUND, "not_found", "Bản dựng này không có tài liệu OpenAPI.");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Get(value = "/holidays{?year}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> holidays(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue Integer year) {
        Official me = pages.me(auth);
        return HttpResponse.ok(ConsolePages.view("console/holidays", model(request, auth, me, year, null, Map.of())));
    }

    @Post(value = "/holidays", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> add(HttpRequest<?> request, Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        try {
            List<HolidayScheduleService.Day> added = holidays.add(me, form.get("from"), form.get("to"), form.get("kind"),
                    form.get("name"), form.get("document"));
            int year = added.isEmpty() ? today().getYear() : added.get(0).date().getYear();
            return ConsolePages.redirect("/console/admin/holidays?year=" + year, "saved");
        } catch (ApiException e) {
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/holidays",
                    model(request, auth, me, null, e.getMessage(), form)));
        }
    }

    @Post(value = "/holidays/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> delete(HttpRequest<?> request, Authentication auth, @PathVariable long id) {
        Official me = pages.me(auth);
        holidays.delete(me, id);
        return ConsolePages.redirect("/console/admin/holidays", "deleted");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static String kept(java.time.Duration d) {
        return d.isZero() || d.isNegative() ? "giữ lâu dài" : d.toDays() + " ngày";
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE);
    }

    private Map<String, Object> model(HttpRequest<?> request, Authentication auth, Official me, @Nullable Integer year,
                                      @Nullable String error, Map<String, String> draft) {
        // Next year by default: the one an administrator comes to enter.
        int y = year == null || year < 1900 || year > 2100 ? today().getYear() + 1 : year;
        Map<String, Object> m = pages.model(request, auth, me, "Lịch nghỉ lễ, Tết");
        m.put("loaded", calendar.loadedYears().stream()
                .map(x -> new YearRow(x, calendar.inFile(x) ? "tệp lịch" : "nhập trên bảng điều khiển")).toList());
        m.put("year", y);
        m.put("yearLoaded", calendar.isScheduleLoaded(y));
        m.put("daysOff", calendar.daysOff(y).entrySet().stream().map(e -> new DayRow(DAY.format(e.getKey()), e.getValue())).toList());
        m.put("makeUp", calendar.makeUpWorkingDays(y).stream().map(DAY::format).toList());
        m.put("entered", holidays.days(y).stream().map(d -> new EnteredRow(d.id(), DAY.format(d.date()), d.kind(), d.name(),
                d.document(), d.createdBy())).toList());
        m.put("canEdit", CurrentOfficial.allUnits(me));
        m.put("error", error);
        m.put("draft", new HashMap<>(draft));
        return m;
    }
}
