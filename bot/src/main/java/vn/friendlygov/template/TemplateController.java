package vn.friendlygov.template;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.security.Official;

import java.util.List;
import java.util.Map;

/** Templates by API (API.md "Greetings and letters"): list, read, edit (checked, audited), preview per channel. */
@Controller("/api/v1/templates")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TemplateController {
    @Serdeable
    public record SaveRequest(@Nullable String source) {
    }

    /** {@code source}: a text being edited, previewed without saving; absent: the text in use. */
    @Serdeable
    public record PreviewRequest(@Nullable Map<String, Object> variables, @Nullable String source) {
    }

    private final TemplateEditor editor;
    private final CurrentOfficial current;

    public TemplateController(TemplateEditor editor, CurrentOfficial current) {
        this.editor = editor;
        this.current = current;
    }

    @Get("{?unit}")
    public List<TemplateEditor.Summary> list(Authentication auth, @Nullable @QueryValue String unit) {
        return editor.list(editor.scope(current.of(auth), unit));
    }

    @Get("/{name}{?unit}")
    public TemplateEditor.View get(Authentication auth, @PathVariable String name, @Nullable @QueryValue String unit) {
        return editor.get(editor.scope(current.of(auth), unit), name);
    }

    @Put("/{name}{?unit}")
    public TemplateEditor.View save(Authentication auth, @PathVariable String name, @Nullable @QueryValue String unit,
                                    @Body SaveRequest body) {
        Official me = current.of(auth);
        return editor.save(me, editor.scope(me, unit), name, body.source());
    }

    @Post("/{name}/preview{?unit}")
    public TemplateEditor.Preview preview(Authentication auth, @PathVariable String name, @Nullable @QueryValue String unit,
                                          @Body PreviewRequest body) {
        return editor.preview(editor.scope(current.of(auth), unit), name, body.source(), body.variables());
    }
}
