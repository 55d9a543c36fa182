package vn.friendlygov.knowledge;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.security.authentication.Authentication;

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
    public ReloadResult reload(Authentication auth) {
        KnowledgeService.Snapshot s = knowledge.reloadBy(auth.getName());
        return new ReloadResult(s.base().entries().size(), s.base().outOfScope().size());
    }
}
