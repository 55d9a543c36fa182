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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.admin.AdminScope;
import vn.friendlygov.admin.RoutingAdminService;
import vn.friendlygov.admin.UnitAdminService;
import vn.friendlygov.admin.UnitView;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.Deadline;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketPolicy;
import vn.friendlygov.unit.Unit;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Units in the console ({@code /console/admin/units}): a unit's published facts, channel settings
 * (secrets write-only), web-chat origins, switching it off, and its routing rules — forms over
 * {@link UnitAdminService} and {@link RoutingAdminService}, so the rules, scoping (another unit: 404)
 * and audit are the units API's. A LEADER edits their own unit's facts and routing rules.
 */
@Controller("/console/admin/units")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class UnitsPageController {
    /** A routing rule as the page shows it. */
    public record RuleRow(long id, String category, String area, String to, String department) {
    }

    /** A category's deadline on the page: configuration's, and the unit's own when set. */
    public record PolicyRow(String code, String name, String configured, @Nullable Integer amount, @Nullable String unit) {
    }

    /** Fields of the facts form, each the units API's field of the same name. */
    static final List<String> FACTS = List.of("name", "province", "chairmanName", "chairmanTitle", "address", "officeHours",
            "saturdayService", "receptionSchedule", "workSchedule", "fastTrackDay", "facilities", "paymentMethods", "hotline");
    static final List<String> SECRETS = List.of("messengerPageAccessToken", "zaloAccessToken", "zaloRefreshToken");

    private final ConsolePages pages;
    private final AdminScope scope;
    private final UnitAdminService units;
    private final RoutingAdminService routing;
    private final TicketCatalog catalog;
    private final OfficialRepository officials;
    private final TicketPolicy policy;

    public UnitsPageController(ConsolePages pages, AdminScope scope, UnitAdminService units, RoutingAdminService routing,
                               TicketCatalog catalog, OfficialRepository officials, TicketPolicy policy) {
        this.policy = policy;
        this.pages = pages;
        this.scope = scope;
        this.units = units;
        this.routing = routing;
        this.catalog = catalog;
        this.officials = officials;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Đơn vị");
        m.put("units", units.list(me));
        return HttpResponse.ok(ConsolePages.view("console/units", m));
    }

    @Get(value = "/{code}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @PathVariable String code) {
        Official me = pages.me(auth);
        return HttpResponse.ok(ConsolePages.view("console/unit", page(request, auth, me, scope.unit(me, code), null, null)));
    }

    @Post(value = "/{code}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> save(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                       @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        try {
            units.update(me, unit, body(form, Official.ADMIN.equals(me.role())));
            return ConsolePages.redirect(path(unit), "saved");
        } catch (ApiException e) {
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/unit", typed(page(request, auth, me, unit,
                    e.getMessage(), null), form, Official.ADMIN.equals(me.role()))));
        }
    }

    /** A refused form comes back as the official typed it, not as stored (secrets are never shown back). */
    static Map<String, Object> typed(Map<String, Object> m, Map<String, String> form, boolean admin) {
        Map<String, Object> u = new LinkedHashMap<>();
        UnitView stored = (UnitView) m.get("u");
        for (java.lang.reflect.RecordComponent rc : UnitView.class.getRecordComponents()) {
            try {
                u.put(rc.getName(), rc.getAccessor().invoke(stored));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> typedFields = new ArrayList<>(FACTS);
        if (admin) {
            typedFields.addAll(List.of("messengerPageId", "zaloOaId"));
            u.put("active", "on".equals(form.get("active")));
        }
        for (String f : typedFields) {
            if (form.containsKey(f)) {
                u.put(f, form.get(f));
            }
        }
        m.put("u", u);
        for (String[] text : new String[][]{{"phones", "phonesText"}, {"areas", "areasText"}, {"webChatAllowedOrigins", "originsText"}}) {
            if (form.containsKey(text[0]) && (admin || !text[0].equals("webChatAllowedOrigins"))) {
                m.put(text[1], form.get(text[0]));
            }
        }
        return m;
    }

    @Post(value = "/{code}/policy", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> savePolicy(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                             @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        Map<String, String> deadlines = new LinkedHashMap<>();
        for (TicketCatalog.Category c : catalog.categories()) {
            String amount = form.getOrDefault("amount." + c.code(), "").strip();
            deadlines.put(c.code(), amount.isEmpty() ? "" : amount + " " + form.getOrDefault("unit." + c.code(), ""));
        }
        try {
            units.updatePolicy(me, unit, deadlines, number(form, "reminderLead"), number(form, "leaderAfter"), number(form, "chairmanAfter"));
            return ConsolePages.redirect(path(unit), "saved");
        } catch (ApiException e) {
            Map<String, Object> m = page(request, auth, me, unit, null, null);
            m.put("policyError", e.getMessage());
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/unit", m));
        }
    }

    private static int number(Map<String, String> form, String field) {
        try {
            return Integer.parseInt(form.getOrDefault(field, "").strip());
        } catch (NumberFormatException e) {
            throw new ApiException(io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed",
                    "Số ngày nhắc việc và chuyển lãnh đạo phải là số nguyên.");
        }
    }

    @Post(value = "/{code}/routing", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> addRule(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                          @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        Map<String, Object> body = new LinkedHashMap<>();
        for (String f : List.of("category", "area", "official", "team", "department")) {
            body.put(f, form.get(f));
        }
        try {
            routing.create(me, unit, body);
            return ConsolePages.redirect(path(unit), "saved");
        } catch (ApiException e) {
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/unit", page(request, auth, me, unit, null, e.getMessage())));
        }
    }

    @Post(value = "/{code}/routing/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> deleteRule(HttpRequest<?> request, Authentication auth, @PathVariable String code,
                                             @PathVariable long id) {
        Official me = pages.me(auth);
        Unit unit = scope.unit(me, code);
        routing.delete(me, unit, id);
        return ConsolePages.redirect(path(unit), "deleted");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static String path(Unit unit) {
        return "/console/admin/units/" + URLEncoder.encode(unit.code(), StandardCharsets.UTF_8);
    }

    private Map<String, Object> page(HttpRequest<?> request, Authentication auth, Official me, Unit unit,
                                     @Nullable String error, @Nullable String routingError) {
        UnitView u = units.get(me, unit);
        Map<String, Object> m = pages.model(request, auth, me, u.name());
        m.put("u", u);
        m.put("error", error);
        m.put("routingError", routingError);
        m.put("phonesText", phonesText(u.phones()));
        m.put("areasText", String.join("\n", u.areas()));
        m.put("originsText", String.join("\n", u.webChatAllowedOrigins()));
        m.put("rules", routing.list(unit).stream().map(r -> new RuleRow(r.id(),
                r.category() == null ? "mọi lĩnh vực" : r.categoryName(), r.area() == null ? "mọi địa bàn" : r.area(),
                r.official() != null ? "cán bộ " + r.official() : "tổ " + r.team(), r.department())).toList());
        m.put("categories", catalog.categories());
        m.put("areas", u.areas());
        List<Official> staff = officials.findByUnitIdAndActive(unit.id(), true);
        m.put("staff", staff);
        Map<String, Deadline> own = policy.deadlines(unit.id());
        m.put("policyRows", catalog.categories().stream().map(c -> new PolicyRow(c.code(), c.name(), c.deadline().label(),
                own.containsKey(c.code()) ? own.get(c.code()).amount() : null,
                own.containsKey(c.code()) ? own.get(c.code()).unit().name() : null)).toList());
        m.put("delays", policy.delays(unit.id()));
        m.put("deadlineUnits", vn.friendlygov.calendar.DeadlineUnit.values());
        m.put("policyError", null);
        m.put("teams", staff.stream().map(Official::team).filter(Objects::nonNull).distinct().sorted().toList());
        return m;
    }

    /** One leader a line: "name | title | phone". */
    static String phonesText(List<Map<String, String>> phones) {
        List<String> lines = new ArrayList<>();
        for (Map<String, String> p : phones) {
            lines.add(String.join(" | ", p.getOrDefault("name", ""), p.getOrDefault("title", ""), p.getOrDefault("phone", "")));
        }
        return String.join("\n", lines);
    }

    /** The form as the units API's body: blank text clears a fact, lists one item a line, secrets only when typed. */
    static Map<String, Object> body(Map<String, String> form, boolean admin) {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String f : FACTS) {
            if (form.containsKey(f)) {
                b.put(f, form.get(f));
            }
        }
        if (form.containsKey("phones")) {
            List<Map<String, String>> phones = new ArrayList<>();
            for (String line : lines(form.get("phones"))) {
                String[] parts = line.split("\\|", -1);
                if (parts.length != 3) {
                    throw new ApiException(io.micronaut.http.HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed",
                            "Số điện thoại lãnh đạo: mỗi dòng theo mẫu «Họ tên | Chức vụ | Số điện thoại».");
                }
                Map<String, String> p = new LinkedHashMap<>();
                p.put("name", parts[0].strip());
                p.put("title", parts[1].strip());
                p.put("phone", parts[2].strip());
                phones.add(p);
            }
            b.put("phones", phones);
        }
        if (form.containsKey("areas")) {
            b.put("areas", lines(form.get("areas")));
        }
        if (!admin) {
            return b;
        }
        for (String f : List.of("messengerPageId", "zaloOaId")) {
            if (form.containsKey(f)) {
                b.put(f, form.get(f));
            }
        }
        if (form.containsKey("webChatAllowedOrigins")) {
            b.put("webChatAllowedOrigins", lines(form.get("webChatAllowedOrigins")));
        }
        for (String s : SECRETS) {
            String v = form.get(s);
            if (v != null && !v.isBlank()) {
                b.put(s, v);
            }
        }
        b.put("active", "on".equals(form.get("active")));
        return b;
    }

    private static List<String> lines(@Nullable String text) {
        return text == null ? List.of() : text.lines().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }
}
