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
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.snippet.ReplySnippets;

import java.util.Map;

/** The unit's saved replies: every official reads them, LEADERs and ADMINs of the unit keep them. */
@Controller("/console/snippets")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class SnippetsPageController {
    private final ConsolePages pages;
    private final ReplySnippets snippets;

    public SnippetsPageController(ConsolePages pages, ReplySnippets snippets) {
        this.pages = pages;
        this.snippets = snippets;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Mẫu trả lời");
        m.put("snippets", me.unitId() == null ? java.util.List.of() : snippets.list(me.unitId()));
        m.put("variables", ReplySnippets.VARIABLES);
        m.put("unitVariables", ReplySnippets.known());
        return HttpResponse.ok(ConsolePages.view("console/snippets", m));
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> create(Authentication auth, @Body Map<String, String> form) {
        snippets.create(pages.me(auth), form.get("title"), form.get("body"));
        return ConsolePages.redirect("/console/snippets", "saved");
    }

    @Post(value = "/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> update(Authentication auth, @PathVariable String id, @Body Map<String, String> form) {
        snippets.update(pages.me(auth), parse(id), form.get("title"), form.get("body"));
        return ConsolePages.redirect("/console/snippets", "saved");
    }

    @Post(value = "/{id}/delete", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> delete(Authentication auth, @PathVariable String id) {
        snippets.delete(pages.me(auth), parse(id));
        return ConsolePages.redirect("/console/snippets", "deleted");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static long parse(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có mẫu trả lời này.");
        }
        return Long.parseLong(id);
    }
}
