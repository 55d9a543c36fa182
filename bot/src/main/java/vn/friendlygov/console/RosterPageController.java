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
import vn.friendlygov.admin.AdminScope;
import vn.friendlygov.admin.DutyRosterAdmin;
import vn.friendlygov.admin.UnitAdminService;
import vn.friendlygov.admin.UnitView;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The on-duty roster of a unit ({@code /console/admin/units/{code}/roster}): two weeks, each day with
 * its standing in the official calendar and the unit's office hours, a box per official and day.
 * Forms over {@link DutyRosterAdmin}: another unit is 404, a refused form comes back as ticked.
 */
@Controller("/console/admin/units/{code}/roster")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class RosterPageController {
    /** A box's name: "on|2026-12-07|username". */
    static final String BOX = "on|";

    private final ConsolePages pages;
    private final AdminScope scope;
    private final DutyRosterAdmin roster;
    private final UnitAdminService units;
    private final OfficialRepository officials;

    public RosterPageController(ConsolePages pages, AdminScope scope, DutyRosterAdmin roster, UnitAdminService units,
                                OfficialRepository officials) {
        this.pages = pages;
        this.scope = scope;
        this.roster = roster;
        this.units = units;
        this.officials = officials;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                       @Nullable @QueryValue String from) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        LocalDate start = from == null ? roster.thisWeek() : roster.checkedStart(date(from));
        List<DutyRosterAdmin.Day> days = roster.days(unit, start);
        return HttpResponse.ok(ConsolePages.view("console/roster", page(request, auth, me, unit, start, days, null)));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> save(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                       @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        LocalDate start = roster.checkedStart(date(form.getOrDefault("from", "")));
        Map<LocalDate, Set<String>> ticked = new HashMap<>();
        for (String name : form.keySet()) {
            if (name.startsWith(BOX)) {
                String[] parts = name.substring(BOX.length()).split("\\|", 2);
                if (parts.length != 2) {
                    throw ApiException.badRequest("Ô đánh dấu không hợp lệ.");
                }
                ticked.computeIfAbsent(date(parts[0]), k -> new TreeSet<>()).add(parts[1]);
            }
        }
        try {
            roster.save(me, unit, start, ticked);
            return ConsolePages.redirect(path(unit) + "?from=" + start, "saved");
        } catch (ApiException e) {
            List<DutyRosterAdmin.Day> days = roster.days(unit, start).stream().map(d -> new DutyRosterAdmin.Day(d.date(), d.label(),
                    d.kind(), d.note(), ticked.getOrDefault(d.date(), Set.of()))).toList();
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/roster",
                    page(request, auth, me, unit, start, days, e.getMessage())));
        }
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private Map<String, Object> page(HttpRequest<?> request, Authentication auth, Official me, Unit unit, LocalDate start,
                                     List<DutyRosterAdmin.Day> days, @Nullable String error) {
        UnitView u = units.get(me, unit);
        Map<String, Object> m = pages.model(request, auth, me, "Lịch trực — " + u.name());
        m.put("u", u);
        m.put("from", start.toString());
        m.put("previous", start.minusDays(DutyRosterAdmin.DAYS).toString());
        m.put("next", start.plusDays(DutyRosterAdmin.DAYS).toString());
        m.put("days", days);
        m.put("staff", officials.findByUnitIdAndActive(unit.id(), true).stream()
                .sorted(Comparator.comparing(Official::fullName)).toList());
        m.put("error", error);
        return m;
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("Ngày không hợp lệ (định dạng YYYY-MM-DD).");
        }
    }

    private static String path(Unit unit) {
        return "/console/admin/units/" + URLEncoder.encode(unit.code(), StandardCharsets.UTF_8) + "/roster";
    }
}
