package vn.friendlygov.broadcast;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.unit.UnitDirectory;

import java.util.List;
import java.util.Map;

/** The campaigns API (API.md "Greetings and letters"); the rules live in {@link CampaignService}. */
@Controller("/api/v1/campaigns")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class CampaignController {
    private final CampaignService campaigns;
    private final CampaignProposals proposals;
    private final CurrentOfficial current;
    private final UnitDirectory units;

    public CampaignController(CampaignService campaigns, CampaignProposals proposals, CurrentOfficial current, UnitDirectory units) {
        this.campaigns = campaigns;
        this.proposals = proposals;
        this.current = current;
        this.units = units;
    }

    @Get("/proposals{?unit}")
    public List<Map<String, Object>> proposals(Authentication auth, @Nullable @QueryValue String unit) {
        var me = current.of(auth);
        if (unit != null && units.byCode(unit).filter(u -> CurrentOfficial.seesUnit(me, u.id())).isEmpty()) {
            throw ApiException.notFound("Không tìm thấy đơn vị.");
        }
        return proposals.upcoming();
    }

    @Post
    public HttpResponse<Map<String, Object>> create(Authentication auth, @Body Map<String, Object> body) {
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED).body(campaigns.create(current.of(auth), body));
    }

    @Get("/{id}")
    public Map<String, Object> get(Authentication auth, @PathVariable long id) {
        return campaigns.get(current.of(auth), id);
    }

    @Patch("/{id}")
    public Map<String, Object> update(Authentication auth, @PathVariable long id, @Body Map<String, Object> body) {
        return campaigns.update(current.of(auth), id, body);
    }

    @Post("/{id}/submit")
    public Map<String, Object> submit(Authentication auth, @PathVariable long id) {
        return campaigns.submit(current.of(auth), id);
    }

    @Post("/{id}/approve")
    public Map<String, Object> approve(Authentication auth, @PathVariable long id) {
        return campaigns.approve(current.of(auth), id);
    }

    @Post("/{id}/pause")
    public Map<String, Object> pause(Authentication auth, @PathVariable long id) {
        return campaigns.pause(current.of(auth), id);
    }

    @Post("/{id}/resume")
    public Map<String, Object> resume(Authentication auth, @PathVariable long id) {
        return campaigns.resume(current.of(auth), id);
    }

    @Post("/{id}/cancel")
    public Map<String, Object> cancel(Authentication auth, @PathVariable long id) {
        return campaigns.cancel(current.of(auth), id);
    }
}
