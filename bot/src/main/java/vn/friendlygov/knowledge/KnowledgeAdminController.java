package vn.friendlygov.knowledge;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.api.ApiException;

/** Reload the knowledge base without a restart (administrators). */
@Controller("/api/v1/admin/knowledge-base")
@Secured("ADMIN")
public class KnowledgeAdminController {
    private final KnowledgeService knowledge;

    public KnowledgeAdminController(KnowledgeService knowledge) {
        this.knowledge = knowledge;
    }

    @Serdeable
    public record ReloadResult(int entries, int outOfScopeTopics) {
    }

    @Post("/reload")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public ReloadResult reload() {
        try {
            KnowledgeService.Snapshot s = knowledge.reload();
            return new ReloadResult(s.base().entries().size(), s.base().outOfScope().size());
        } catch (KnowledgeBaseException e) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_knowledge_base",
                    "Không nạp lại được; cơ sở tri thức cũ vẫn đang dùng. " + e.getMessage());
        }
    }
}
