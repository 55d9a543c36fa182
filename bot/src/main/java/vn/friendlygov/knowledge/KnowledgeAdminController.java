package vn.friendlygov.knowledge;

import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;

/** Reload the knowledge base without a restart (administrators). */
@Controller("/api/v1/admin/knowledge-base")
@Secured("ADMIN")
public class KnowledgeAdminController {
    private final KnowledgeService knowledge;
    private final AuditLog audit;

    public KnowledgeAdminController(KnowledgeService knowledge, AuditLog audit) {
        this.knowledge = knowledge;
        this.audit = audit;
    }

    @Serdeable
    public record ReloadResult(int entries, int outOfScopeTopics) {
    }

    @Post("/reload")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public ReloadResult reload(Authentication auth) {
        try {
            KnowledgeService.Snapshot s = knowledge.reload();
            audit.record(auth.getName(), null, "knowledge-base.reload", "knowledge-base", null,
                    audit.json("entries", s.base().entries().size(), "outOfScopeTopics", s.base().outOfScope().size()));
            return new ReloadResult(s.base().entries().size(), s.base().outOfScope().size());
        } catch (KnowledgeBaseException e) {
            // A refused reload changed nothing, but the attempt is worth seeing.
            audit.record(auth.getName(), null, "knowledge-base.reload-refused", "knowledge-base", null,
                    audit.json("error", e.getMessage()));
            throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_knowledge_base",
                    "Không nạp lại được; cơ sở tri thức cũ vẫn đang dùng. " + e.getMessage());
        }
    }
}
