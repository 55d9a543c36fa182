package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
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
import vn.friendlygov.accounts.AccountService;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.accounts.OfficialView;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditEntry;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.security.Official;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accounts ({@code /console/admin/officials}) over {@link AccountService} — the same rules as the
 * accounts API (an ADMIN all accounts or their unit's, a LEADER their unit's OFFICIALs; 404 outside
 * the scope, 403 for what may be seen but not changed; every change audited) — and the audit log
 * page ({@code /console/admin/audit}) for leaders and administrators.
 */
@Controller("/console/admin")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class AccountsPageController {
    public record AuditRow(String at, String actor, String action, String target, @Nullable String before, @Nullable String after) {
    }

    private final ConsolePages pages;
    private final AccountService accounts;
    private final TicketCatalog catalog;
    private final UnitRepository units;
    private final AuditLog audit;

    public AccountsPageController(ConsolePages pages, AccountService accounts, TicketCatalog catalog, UnitRepository units, AuditLog audit) {
        this.pages = pages;
        this.accounts = accounts;
        this.catalog = catalog;
        this.units = units;
        this.audit = audit;
    }

    @Get(value = "/officials", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = form(request, auth, me, "Tài khoản cán bộ", null);
        m.put("accounts", accounts.list(me, null));
        return HttpResponse.ok(ConsolePages.view("console/officials", m));
    }

    @Post(value = "/officials", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> create(HttpRequest<?> request, Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        Map<String, Object> body = body(form, true);
        try {
            OfficialView created = accounts.create(me, body);
            return ConsolePages.redirect("/console/admin/officials/" + URLEncoder.encode(created.username(), StandardCharsets.UTF_8), "created");
        } catch (ApiException e) {
            Map<String, Object> m = form(request, auth, me, "Tài khoản cán bộ", e.getMessage());
            m.put("accounts", accounts.list(me, null));
            m.put("draft", form);
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/officials", m));
        }
    }

    @Get(value = "/officials/{username}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> edit(HttpRequest<?> request, Authentication auth, @PathVariable String username) {
        Official me = pages.me(auth);
        OfficialView o = accounts.get(me, username);
        Map<String, Object> m = form(request, auth, me, "Tài khoản " + o.username(), null);
        m.put("o", o);
        m.put("oFields", String.join(",", o.fields()));
        return HttpResponse.ok(ConsolePages.view("console/official", m));
    }

    @Post(value = "/officials/{username}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> update(HttpRequest<?> request, Authentication auth, @PathVariable String username,
                                         @Body Map<String, String> form) {
        Official me = pages.me(auth);
        OfficialView o = accounts.update(me, username, body(form, false));
        return ConsolePages.redirect("/console/admin/officials/" + URLEncoder.encode(o.username(), StandardCharsets.UTF_8), "saved");
    }

    /** A new temporary password, shown once on this answer (not cached); the official changes it at sign-in. */
    @Post(value = "/officials/{username}/reset", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> reset(HttpRequest<?> request, Authentication auth, @PathVariable String username,
                                        @Body Map<String, String> form) {
        Official me = pages.me(auth);
        String temporary = accounts.resetPassword(me, username);
        OfficialView o = accounts.get(me, username);
        Map<String, Object> m = form(request, auth, me, "Tài khoản " + o.username(), null);
        m.put("o", o);
        m.put("oFields", String.join(",", o.fields()));
        m.put("temporary", temporary);
        return HttpResponse.ok(ConsolePages.view("console/official", m));
    }

    @Get(value = "/audit{?page}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> audit(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue Integer page) {
        Official me = pages.me(auth);
        int p = page == null || page < 0 ? 0 : page;
        AuditLog.Page result = audit.find(CurrentOfficial.allUnits(me) ? null : me.unitId(), null, null, p, 50);
        Map<String, Object> m = pages.model(request, auth, me, "Nhật ký thay đổi");
        m.put("entries", result.items().stream().map(AccountsPageController::row).toList());
        m.put("page", p);
        m.put("more", (long) (p + 1) * 50 < result.total());
        return HttpResponse.ok(ConsolePages.view("console/audit", m));
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static AuditRow row(AuditEntry e) {
        return new AuditRow(ConsolePages.shown(e.at()), e.actor(), e.action(), e.target(), e.before(), e.after());
    }

    private Map<String, Object> form(HttpRequest<?> request, Authentication auth, Official me, String title, @Nullable String error) {
        Map<String, Object> m = pages.model(request, auth, me, title);
        m.put("error", error);
        m.put("draft", new HashMap<String, String>());
        m.put("categories", catalog.categories().stream().map(c -> c.code() + " (" + c.name() + ")").toList());
        m.put("units", CurrentOfficial.allUnits(me) ? units.findAll() : units.findById(me.unitId()).stream().toList());
        m.put("roles", Official.ADMIN.equals(me.role()) ? List.of(Official.OFFICIAL, Official.LEADER, Official.ADMIN) : List.of(Official.OFFICIAL));
        return m;
    }

    /** The form as the accounts API's body: blank optional fields are cleared, checkboxes are booleans. */
    private static Map<String, Object> body(Map<String, String> form, boolean creating) {
        Map<String, Object> b = new LinkedHashMap<>();
        for (String f : List.of("username", "fullName", "title", "unit", "role", "fields", "team", "zaloUserId", "messengerPsid", "email")) {
            if (form.containsKey(f)) {
                b.put(f, form.get(f));
            }
        }
        if (!creating) {
            b.remove("username");
            b.put("active", "on".equals(form.get("active")));
        }
        b.put("onDuty", "on".equals(form.get("onDuty")));
        String password = form.get("password");
        if (password != null && !password.isEmpty()) {
            b.put("password", password);
        }
        return b;
    }

    static String unitCode(Unit u) {
        return u.code();
    }
}
