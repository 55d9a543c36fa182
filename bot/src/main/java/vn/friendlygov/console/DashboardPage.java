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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.conversation.handoff.HandoffService;
import vn.friendlygov.security.Official;
import vn.friendlygov.stats.DashboardFigures;
import vn.friendlygov.stats.StatsFigures;
import vn.friendlygov.stats.StatsQueries;
import vn.friendlygov.stats.StatsScope;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketStatus;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The leaders' dashboard ({@code /console/dashboard}): a LEADER sees their unit, an ADMIN any unit
 * (with a unit chooser); another unit is 404, an OFFICIAL is refused as everywhere in the console.
 * The figures come from {@link StatsQueries#dashboard} (SQL aggregates) and are shown as tables;
 * {@code console-static/dashboard.js} draws each table as an Apache ECharts chart beside it.
 */
@Controller("/console/dashboard")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class DashboardPage {
    static final int MAX_QUESTION = 2000;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter SHORT_DAY = DateTimeFormatter.ofPattern("dd/MM");

    /** A unit in the chooser. */
    public record Choice(String code, String name, boolean selected) {
    }

    /** A period one click away. */
    public record Preset(String label, String href) {
    }

    /** One row of a split, formatted: the label, the counts, the on-time rate as text and as a number for the chart. */
    public record Row(String label, long received, long resolved, long answered, long onTime, long overdue, String onTimeRate,
                      String onTimePercent) {
    }

    public record Day(String label, long received, long resolved) {
    }

    public record Late(String code, String href, String unit, String category, String area, String status, String holder,
                       String due, String lateFor) {
    }

    public record Unhappy(String code, String href, String category, String holder, String comment, String at) {
    }

    public record Slice(String label, long count, String rate) {
    }

    public record Question(String text, long count, long conversationId, boolean suggested) {
    }

    private final ConsolePages pages;
    private final StatsScope scopes;
    private final StatsQueries queries;
    private final TicketCatalog catalog;
    private final UnitRepository units;
    private final HandoffService handoff;
    private final Clock clock;

    public DashboardPage(ConsolePages pages, StatsScope scopes, StatsQueries queries, TicketCatalog catalog, UnitRepository units,
                         HandoffService handoff, Clock clock) {
        this.pages = pages;
        this.scopes = scopes;
        this.queries = queries;
        this.catalog = catalog;
        this.units = units;
        this.handoff = handoff;
        this.clock = clock;
    }

    @Get(value = "{?unit,from,to}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String unit,
                                       @Nullable @QueryValue String from, @Nullable @QueryValue String to) {
        Official me = pages.me(auth);
        StatsScope.Scope scope = scopes.scope(me, unit);
        StatsScope.Period period = scopes.period(from, to);
        Instant now = clock.instant();
        DashboardFigures f = queries.dashboard(scope.unitId(), scope.code(), period.from(), period.to(), now);
        StatsFigures t = f.totals();

        Map<String, Object> m = pages.model(request, auth, me, "Số liệu điều hành");
        m.put("scopeName", scope.unitId() == null ? "Tất cả đơn vị" : units.findById(scope.unitId()).map(Unit::name).orElse(scope.code()));
        m.put("unitCode", scope.code());
        m.put("allUnits", scope.unitId() == null);
        m.put("from", period.from().toString());
        m.put("to", period.to().toString());
        m.put("periodLabel", "từ " + DAY.format(period.from()) + " đến " + DAY.format(period.to()));
        m.put("chooser", CurrentOfficial.allUnits(me));
        m.put("units", StreamSupport.stream(units.findAll().spliterator(), false)
                .filter(u -> CurrentOfficial.seesUnit(me, u.id()))
                .map(u -> new Choice(u.code(), u.name(), u.code().equals(scope.code()))).toList());
        m.put("presets", presets(scope.code()));

        m.put("received", t.tickets().received());
        m.put("resolved", t.tickets().resolved());
        m.put("overdueNow", f.overdueNow());
        m.put("onTime", percent(f.all().onTime(), f.all().answered()));
        m.put("satisfied", percent(t.satisfaction().satisfied(), t.satisfaction().rated()));

        m.put("days", t.byDay().stream().map(d -> new Day(SHORT_DAY.format(LocalDate.parse(d.date())), d.received(), d.resolved())).toList());
        m.put("categories", f.byCategory().stream().map(b -> row(b, catalog.name(b.key()))).toList());
        m.put("areas", f.byArea().stream().map(b -> row(b, b.key() == null || b.key().isBlank() ? "Không ghi địa bàn" : b.key())).toList());
        m.put("officials", f.byOfficial().stream().map(b -> row(b, b.key() == null ? "Chưa giao cán bộ" : b.key())).toList());
        m.put("overdue", f.overdue().stream().map(c -> late(c, now)).toList());
        m.put("overdueMore", f.overdueNow() > f.overdue().size());

        StatsFigures.Satisfaction s = t.satisfaction();
        m.put("rated", s.rated());
        m.put("satisfaction", List.of(new Slice("Hài lòng", s.satisfied(), percent(s.satisfied(), s.rated())),
                new Slice("Bình thường", s.neutral(), percent(s.neutral(), s.rated())),
                new Slice("Không hài lòng", s.dissatisfied(), percent(s.dissatisfied(), s.rated()))));
        m.put("unhappy", f.dissatisfied().stream().map(c -> new Unhappy(c.code(), ticketHref(c.code(), c.unit()), catalog.name(c.category()),
                c.holder() == null ? "Chưa giao cán bộ" : c.holder(), c.comment() == null || c.comment().isBlank() ? "(không ghi ý kiến)" : c.comment(),
                ConsolePages.shown(c.ratedAt()))).toList());

        StatsFigures.Questions q = t.questions();
        m.put("questionsTotal", q.total());
        m.put("questions", List.of(new Slice("Trả lời được ngay", q.answered(), percent(q.answered(), q.total())),
                new Slice("Phải hỏi lại cho rõ", q.clarified(), percent(q.clarified(), q.total())),
                new Slice("Chưa trả lời được", q.fallback(), percent(q.fallback(), q.total())),
                new Slice("Chuyển cho cán bộ", q.handedOver(), percent(q.handedOver(), q.total()))));
        m.put("unanswered", f.unanswered().stream().map(g -> new Question(g.text(), g.count(), g.conversationId(), g.suggested())).toList());
        return HttpResponse.ok(ConsolePages.view("console/dashboard", m));
    }

    /** "Add to the knowledge base" for a grouped unanswered question: the conversation page's proposal, back to the dashboard. */
    @Post(value = "/suggest", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> suggest(Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        String conversation = form.getOrDefault("conversation", "");
        if (!conversation.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có cuộc trò chuyện này.");
        }
        String question = form.getOrDefault("question", "").strip();
        if (question.isEmpty() || question.length() > MAX_QUESTION) {
            throw ApiException.badRequest("Câu hỏi phải có 1–" + MAX_QUESTION + " ký tự.");
        }
        String unit = blankToNull(form.get("unit"));
        StatsScope.Period period = scopes.period(form.get("from"), form.get("to"));
        scopes.scope(me, unit);   // 404 for a unit outside their scope, before anything is written
        handoff.suggest(me, Long.parseLong(conversation), question);
        return ConsolePages.redirect(href(unit, period.from(), period.to()), "suggested");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private List<Preset> presets(@Nullable String unit) {
        LocalDate today = scopes.today();
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        LocalDate month = today.withDayOfMonth(1);
        return List.of(new Preset("Tuần này", href(unit, monday, today)),
                new Preset("Tuần trước", href(unit, monday.minusWeeks(1), monday.minusDays(1))),
                new Preset("Tháng này", href(unit, month, today)),
                new Preset("Tháng trước", href(unit, month.minusMonths(1), month.minusDays(1))),
                new Preset("Năm nay", href(unit, today.withDayOfYear(1), today)));
    }

    /** The dashboard's address for a unit (null: their own, or every unit) and a period. */
    public static String href(@Nullable String unit, LocalDate from, LocalDate to) {
        UriBuilder b = UriBuilder.of("/console/dashboard");
        if (unit != null) {
            b.queryParam("unit", unit);
        }
        return b.queryParam("from", from.toString()).queryParam("to", to.toString()).toString();
    }

    private static String ticketHref(String code, String unit) {
        return UriBuilder.of("/console/tickets").path(code).queryParam("unit", unit).toString();
    }

    private Late late(DashboardFigures.OverdueCase c, Instant now) {
        String holder = c.holder() != null ? c.holder() : c.department() != null ? c.department() + " (chưa giao cán bộ)" : "Chưa giao cán bộ";
        return new Late(c.code(), ticketHref(c.code(), c.unit()), c.unit(), catalog.name(c.category()), c.area() == null ? "" : c.area(),
                TicketStatus.valueOf(c.status()).label(), holder, ConsolePages.shown(c.dueAt()), lateFor(Duration.between(c.dueAt(), now)));
    }

    /** "3 ngày 4 giờ", "5 giờ", "dưới 1 giờ": calendar time since the deadline. */
    static String lateFor(Duration d) {
        long days = d.toDays();
        long hours = d.minusDays(days).toHours();
        if (days > 0) {
            return days + " ngày" + (hours > 0 ? " " + hours + " giờ" : "");
        }
        return hours > 0 ? hours + " giờ" : "dưới 1 giờ";
    }

    private static Row row(DashboardFigures.Breakdown b, String label) {
        return new Row(label, b.received(), b.resolved(), b.answered(), b.onTime(), b.overdue(), percent(b.onTime(), b.answered()),
                b.answered() == 0 ? "" : String.format(Locale.ROOT, "%.1f", 100.0 * b.onTime() / b.answered()));
    }

    /** "66,7 %" (Vietnamese decimal comma); "–" when there is nothing to count. */
    static String percent(long part, long whole) {
        if (whole == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.1f", 100.0 * part / whole).replace('.', ',') + " %";
    }

    private static @Nullable String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
