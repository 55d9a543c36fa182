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
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.letter.LetterTargets;
import vn.friendlygov.letter.Letters;
import vn.friendlygov.security.Official;
import vn.friendlygov.template.TemplateEditor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Gửi thư": a letter from a template to the resident of a case or a conversation, reached from those
 * pages (fragment console/letter.html). The form shows the letter as the resident would get it before
 * it is sent; sending goes through {@link Letters} like {@code POST /api/v1/letters}.
 */
@Controller("/console/letters")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class LetterPageController {
    private final ConsolePages pages;
    private final Letters letters;
    private final LetterTargets targets;

    public LetterPageController(ConsolePages pages, Letters letters, LetterTargets targets) {
        this.pages = pages;
        this.letters = letters;
        this.targets = targets;
    }

    @Get(value = "/new{?ticket,conversation,unit,template,name,reason}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> form(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String ticket,
                                       @Nullable @QueryValue String conversation, @Nullable @QueryValue String unit,
                                       @Nullable @QueryValue String template, @Nullable @QueryValue String name,
                                       @Nullable @QueryValue String reason) {
        Official me = pages.me(auth);
        Letters.Recipient to = targets.of(me, ticket, conversation, unit);
        Map<String, Object> m = pages.model(request, auth, me, "Gửi thư cho người dân");
        m.put("ticket", to.ticketCode());
        m.put("conversation", to.ticketCode() == null ? to.conversationId() : null);
        m.put("unit", unit == null ? "" : unit);
        m.put("back", back(to, unit));
        m.put("choices", letters.choices(to.ticketId() != null));
        m.put("template", template == null ? "" : template);
        m.put("name", name == null ? "" : name);
        m.put("reason", reason == null ? "" : reason);
        if (template != null && !template.isBlank()) {
            String text = letters.draft(to, template, variables(name, reason)).text();
            m.put("preview", text);
            m.put("length", TemplateEditor.length(text));
            m.put("limit", TemplateEditor.PLATFORM_LIMIT);
        }
        return HttpResponse.ok(ConsolePages.view("console/letter-form", m));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> send(Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        String unit = blankToNull(form.get("unit"));
        Letters.Recipient to = targets.of(me, blankToNull(form.get("ticket")), blankToNull(form.get("conversation")), unit);
        letters.fromOfficial(me, to, form.get("template"), variables(form.get("name"), form.get("reason")));
        return ConsolePages.redirect(back(to, unit), "letter_sent");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static Map<String, String> variables(@Nullable String name, @Nullable String reason) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("name", name == null ? "" : name);
        v.put("reason", reason == null ? "" : reason);
        return v;
    }

    private static String back(Letters.Recipient to, @Nullable String unit) {
        if (to.ticketCode() != null) {
            return "/console/tickets/" + to.ticketCode() + (unit == null || unit.isBlank() ? "" : "?unit=" + URLEncoder.encode(unit, StandardCharsets.UTF_8));
        }
        return "/console/conversations/" + to.conversationId();
    }

    @Nullable
    private static String blankToNull(@Nullable String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
