package vn.friendlygov.letter;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;

import java.util.Map;

/**
 * {@code POST /api/v1/letters} {@code {"template","ticket"|"conversation","variables":{"name","reason"}}}
 * → 201 the letter as queued; {@code GET /api/v1/letters/{id}} → with its delivery now.
 */
@Controller("/api/v1/letters")
@Secured({Official.OFFICIAL, Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class LetterController {
    private final Letters letters;
    private final LetterTargets targets;
    private final CurrentOfficial current;

    public LetterController(Letters letters, LetterTargets targets, CurrentOfficial current) {
        this.letters = letters;
        this.targets = targets;
        this.current = current;
    }

    @Post
    @SuppressWarnings("unchecked")
    public HttpResponse<Letters.LetterView> send(Authentication auth, @Body Map<String, Object> body) {
        Official me = current.of(auth);
        Object variables = body.get("variables");
        if (variables != null && !(variables instanceof Map)) {
            throw ApiException.badRequest("variables phải là một đối tượng JSON, ví dụ {\"name\": \"Ông Nguyễn Văn An\"}.");
        }
        Object unit = body.get("unit");
        Letters.Recipient to = targets.of(me, body.get("ticket"), body.get("conversation"), unit == null ? null : String.valueOf(unit));
        Object template = body.get("template");
        return HttpResponse.status(HttpStatus.CREATED).body(letters.fromOfficial(me, to, template == null ? null : String.valueOf(template),
                (Map<String, ?>) variables));
    }

    @Get("/{id}")
    public Letters.LetterView get(Authentication auth, @PathVariable String id) {
        Official me = current.of(auth);
        ApiException none = ApiException.notFound("Không có thư " + vn.friendlygov.security.LogText.escape(id) + " trong phạm vi của anh/chị.");
        if (!id.matches("[0-9]{1,18}")) {
            throw none;
        }
        long letterId = Long.parseLong(id);
        @Nullable Long unitId = letters.unitOf(letterId).orElseThrow(() -> none);
        if (!CurrentOfficial.seesUnit(me, unitId)) {
            throw none;
        }
        return letters.find(letterId).orElseThrow(() -> none);
    }
}
