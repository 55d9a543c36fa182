package vn.friendlygov.template;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.api.ApiException;

/** Reload templates/ without a restart (administrators); a broken file is refused and the old templates stay. */
@Controller("/api/v1/admin/templates")
@Secured("ADMIN")
public class TemplateAdminController {
    private final Templates templates;

    public TemplateAdminController(Templates templates) {
        this.templates = templates;
    }

    @Serdeable
    public record ReloadResult(int templates) {
    }

    @Post("/reload")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public ReloadResult reload() {
        try {
            return new ReloadResult(templates.reload());
        } catch (TemplateException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_template",
                    "Không nạp lại được mẫu tin nhắn; các mẫu cũ vẫn đang dùng. " + e.getMessage());
        }
    }
}
