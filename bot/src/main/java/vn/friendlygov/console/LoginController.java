package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.cookie.Cookie;
import io.micronaut.http.cookie.SameSite;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.csrf.CsrfConfiguration;
import io.micronaut.security.csrf.generator.CsrfTokenGenerator;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.accounts.AccountService;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.BasicSignInFetcher;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.SignIn;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Sign-in, sign-out and the first-sign-in password change (API.md "Officials' console"). The form
 * carries a CSRF token before any session exists (double submit: the same token in an HttpOnly,
 * SameSite=Strict cookie; micronaut-security-csrf compares them). A successful sign-in deletes any
 * earlier session of this browser and starts a new one with a new CSRF token.
 */
@Controller("/console")
@ExecuteOn(TaskExecutors.BLOCKING)
public class LoginController {
    private final SignIn signIn;
    private final ConsoleSessions sessions;
    private final CsrfTokenGenerator<HttpRequest<?>> tokens;
    private final CsrfConfiguration csrf;
    private final HttpClientAddressResolver addresses;
    private final ConsolePages pages;
    private final AccountService accounts;

    public LoginController(SignIn signIn, ConsoleSessions sessions, CsrfTokenGenerator<HttpRequest<?>> tokens,
                           CsrfConfiguration csrf, HttpClientAddressResolver addresses, ConsolePages pages, AccountService accounts) {
        this.signIn = signIn;
        this.sessions = sessions;
        this.tokens = tokens;
        this.csrf = csrf;
        this.addresses = addresses;
        this.pages = pages;
        this.accounts = accounts;
    }

    @Get("/login")
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> form(HttpRequest<?> request) {
        return loginPage(request, HttpStatus.OK, null, "");
    }

    @Post(value = "/login", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_ANONYMOUS)
    public MutableHttpResponse<?> signIn(HttpRequest<?> request, @Body Map<String, String> form) throws InterruptedException {
        String username = form.getOrDefault("username", "");
        SignIn.Result result;
        try {
            result = signIn.attempt(username, form.get("password"), addresses.resolve(request)).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("sign-in failed", e.getCause());
        }
        if (result instanceof SignIn.Success s) {
            sessions.delete(sessions.cookieValue(request));
            ConsoleSessions.Created created = sessions.create(s.official().id(), tokens.generateCsrfToken(request));
            return HttpResponse.seeOther(URI.create(s.official().mustChangePassword() ? ConsoleGuard.PASSWORD : "/console"))
                    .cookie(sessions.cookie(request, created.cookieValue()))
                    .cookie(csrfCookie(request, "").maxAge(0));
        }
        if (result instanceof SignIn.Locked l) {
            return loginPage(request, HttpStatus.UNAUTHORIZED, BasicSignInFetcher.locked(l).getMessage(), username);
        }
        if (result instanceof SignIn.Busy) {
            return loginPage(request, HttpStatus.SERVICE_UNAVAILABLE, BasicSignInFetcher.busy().getMessage(), username);
        }
        return loginPage(request, HttpStatus.UNAUTHORIZED, "Tên đăng nhập hoặc mật khẩu không đúng.", username);
    }

    @Post(value = "/logout", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public MutableHttpResponse<?> signOut(HttpRequest<?> request) {
        sessions.delete(sessions.cookieValue(request));
        return HttpResponse.seeOther(URI.create(ConsolePages.LOGIN)).cookie(sessions.expiredCookie(request));
    }

    @Get("/password")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public MutableHttpResponse<?> passwordForm(HttpRequest<?> request, Authentication auth) {
        return passwordPage(request, auth, HttpStatus.OK, null);
    }

    @Post(value = "/password", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public MutableHttpResponse<?> changePassword(HttpRequest<?> request, Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        String next = form.get("new");
        if (next == null || !next.equals(form.get("repeat"))) {
            return passwordPage(request, auth, HttpStatus.UNPROCESSABLE_ENTITY, "Hai lần nhập mật khẩu mới không giống nhau.");
        }
        try {
            accounts.changeOwnPassword(me, form.get("current"), next);
        } catch (ApiException e) {
            return passwordPage(request, auth, e.status(), e.getMessage());
        }
        // Other browsers signed in with the old password are signed out; this one stays.
        Object hash = auth.getAttributes().get(ConsoleSessionFetcher.SESSION_HASH);
        sessions.deleteOthers(me.id(), hash == null ? null : hash.toString());
        return ConsolePages.redirect("/console", "password");
    }

    private MutableHttpResponse<?> passwordPage(HttpRequest<?> request, Authentication auth, HttpStatus status, @Nullable String error) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Đổi mật khẩu");
        m.put("error", error);
        m.put("required", me.mustChangePassword());
        m.put("minLength", AccountService.MIN_PASSWORD);
        return HttpResponse.status(status).body(ConsolePages.view("console/password", m));
    }

    private MutableHttpResponse<?> loginPage(HttpRequest<?> request, HttpStatus status, @Nullable String error, String username) {
        String token = tokens.generateCsrfToken(request);
        Map<String, Object> m = new HashMap<>();
        m.put("title", "Đăng nhập");
        m.put("csrf", token);
        m.put("nonce", ConsolePages.nonce(request));
        m.put("error", error);
        m.put("username", username.length() > 64 ? "" : username);
        return HttpResponse.status(status).body(ConsolePages.view("console/login", m)).cookie(csrfCookie(request, token));
    }

    /** micronaut-security-csrf's cookie repository reads this one (micronaut.security.csrf.cookie-name). */
    private Cookie csrfCookie(HttpRequest<?> request, String token) {
        return Cookie.of(csrf.getCookieName(), token).httpOnly(true).sameSite(SameSite.Strict).path("/console")
                .secure(ConsoleSessions.secure(request));
    }
}
