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
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.template.TemplateEditor;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template list and editor (LEADER, ADMIN) through {@link TemplateEditor}, the same checks as the
 * API: "Xem trước" shows the text being edited per channel with its length, "Lưu" stores it; a text
 * that cannot be used comes back with the message naming the line, the official's text kept in the box.
 */
@Controller("/console/templates")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TemplatePageController {
    /** A channel's preview as shown. */
    public record Shown(String channel, List<String> messages, int length, @Nullable Integer limit, boolean tooLong) {
    }

    private static final Map<String, String> CHANNELS = Map.of("zalo", "Zalo", "messenger", "Messenger", "web", "Web chat");

    private final ConsolePages pages;
    private final TemplateEditor editor;

    public TemplatePageController(ConsolePages pages, TemplateEditor editor) {
        this.pages = pages;
        this.editor = editor;
    }

    @Get(value = "{?unit}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth, @Nullable @QueryValue String unit) {
        Official me = pages.me(auth);
        TemplateEditor.Scope scope = editor.scope(me, unit);
        Map<String, Object> m = pages.model(request, auth, me, "Mẫu tin nhắn và thư");
        m.put("items", editor.list(scope));
        m.put("q", q(unit));
        m.put("scopeName", scope.unit() == null ? "mọi đơn vị" : scope.unit().name());
        return HttpResponse.ok(ConsolePages.view("console/templates", m));
    }

    @Get(value = "/{name}{?unit}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> edit(HttpRequest<?> request, Authentication auth, @PathVariable String name,
                                       @Nullable @QueryValue String unit) {
        Official me = pages.me(auth);
        TemplateEditor.Scope scope = editor.scope(me, unit);
        TemplateEditor.View v = editor.get(scope, name);
        return page(request, auth, me, scope, v, v.source(), "", unit, null, HttpStatus.OK);
    }

    @Post(value = "/{name}{?unit}", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> post(HttpRequest<?> request, Authentication auth, @PathVariable String name,
                                       @Nullable @QueryValue String unit, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        TemplateEditor.Scope scope = editor.scope(me, unit);
        TemplateEditor.View v = editor.get(scope, name);
        String source = form.getOrDefault("source", "");
        String values = form.getOrDefault("values", "");
        try {
            if ("save".equals(form.get("action"))) {
                editor.save(me, scope, name, source);
                return ConsolePages.redirect("/console/templates/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + q(unit), "template_saved");
            }
            TemplateEditor.Preview p = editor.preview(scope, name, source, values(values));
            return page(request, auth, me, scope, v, source, values, unit, p, HttpStatus.OK);
        } catch (ApiException e) {
            if (e.status() == HttpStatus.NOT_FOUND || e.status() == HttpStatus.FORBIDDEN) {
                throw e;
            }
            Map<String, Object> m = model(request, auth, me, scope, v, source, values, unit);
            m.put("problem", e.getMessage());
            return HttpResponse.status(e.status()).body(ConsolePages.view("console/template", m));
        }
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private MutableHttpResponse<?> page(HttpRequest<?> request, Authentication auth, Official me, TemplateEditor.Scope scope,
                                        TemplateEditor.View v, String source, String values, @Nullable String unit,
                                        @Nullable TemplateEditor.Preview p, HttpStatus status) {
        Map<String, Object> m = model(request, auth, me, scope, v, source, values, unit);
        if (p != null) {
            m.put("preview", p.channels().entrySet().stream().map(e -> new Shown(CHANNELS.getOrDefault(e.getKey(), e.getKey()),
                    e.getValue().messages(), e.getValue().length(), e.getValue().limit(),
                    e.getValue().limit() != null && e.getValue().length() > e.getValue().limit())).toList());
            m.put("missing", p.missing());
        }
        return HttpResponse.status(status).body(ConsolePages.view("console/template", m));
    }

    private Map<String, Object> model(HttpRequest<?> request, Authentication auth, Official me, TemplateEditor.Scope scope,
                                      TemplateEditor.View v, String source, String values, @Nullable String unit) {
        Map<String, Object> m = pages.model(request, auth, me, "Mẫu " + v.name());
        m.put("v", v);
        m.put("source", source);
        m.put("values", values);
        m.put("action", "/console/templates/" + URLEncoder.encode(v.name(), StandardCharsets.UTF_8) + q(unit));
        m.put("list", "/console/templates" + q(unit));
        m.put("scopeName", scope.unit() == null ? "mọi đơn vị" : scope.unit().name());
        return m;
    }

    /** "letter.name=Ông Nguyễn Văn An", one a line. */
    private static Map<String, Object> values(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (line.isBlank()) {
                continue;
            }
            if (eq <= 0) {
                throw ApiException.badRequest("Mỗi dòng giá trị thử có dạng tên=giá trị, ví dụ letter.name=Ông Nguyễn Văn An.");
            }
            out.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return out;
    }

    private static String q(@Nullable String unit) {
        return unit == null || unit.isBlank() ? "" : "?unit=" + URLEncoder.encode(unit, StandardCharsets.UTF_8);
    }
}
