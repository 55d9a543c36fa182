package vn.friendlygov.broadcast;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.FakePlatforms;
import vn.friendlygov.ticket.TestClock;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Shared set-up of the campaign tests: a unit of their own ("camp-xa", with its own page and OA on
 * the fake platforms, so other classes' followers are not in its audience), another unit, and
 * officials with passwords: an author (OFFICIAL), two leaders, a leader of the other unit.
 */
abstract class CampaignTestBase implements TestPropertyProvider {
    static final String PW = "campaign-password-1";
    static final String UNIT = "camp-xa";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject OfficialRepository officials;
    @Inject ObjectMapper json;
    @Inject TestClock clock;
    Db db;
    long unitId;

    abstract FakePlatforms fakes();

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new HashMap<>(fakes().vinhBaoProperties());
        p.put("units.camp-xa.name", "Xã Hòa Bình");
        p.put("units.camp-xa.chairman-name", "Nguyễn Văn An");
        p.put("units.camp-xa.chairman-title", "Chủ tịch UBND");
        p.put("units.camp-xa.messenger.page-id", "camp-page-1");
        p.put("units.camp-xa.messenger.page-access-token", FakePlatforms.PAGE_TOKEN);
        p.put("units.camp-xa.zalo.oa-id", "camp-oa-1");
        p.put("units.camp-xa.zalo.access-token", "zalo-access-1");
        p.put("units.camp-xa.zalo.refresh-token", "zalo-refresh-1");
        p.put("units.camp-other.name", "Xã Khác");
        // The tests drive the runner themselves (runOnce), with the clock where they put it.
        p.put("campaigns.run-interval", "1h");
        p.put("campaigns.chunk-size", "2");
        return p;
    }

    void setUpBase() {
        db = new Db(dataSource);
        clock.set(null);
        db.settleOutboxLeftovers();
        db.update("DELETE FROM outbox WHERE campaign_id IS NOT NULL");
        db.update("DELETE FROM campaign");
        unitId = Long.parseLong(db.one("SELECT id FROM unit WHERE code = ?", UNIT));
        long other = Long.parseLong(db.one("SELECT id FROM unit WHERE code = 'camp-other'"));
        account("camp-author", unitId, Official.OFFICIAL);
        account("camp-clerk", unitId, Official.OFFICIAL);
        account("camp-leader", unitId, Official.LEADER);
        account("camp-leader2", unitId, Official.LEADER);
        account("camp-other-leader", other, Official.LEADER);
        fakes().clear();
        String access = db.one("SELECT access_token FROM channel_token WHERE unit_id = ? AND channel = 'zalo'", unitId);
        String refresh = db.one("SELECT refresh_token FROM channel_token WHERE unit_id = ? AND channel = 'zalo'", unitId);
        fakes().setZaloTokens(access, refresh);
    }

    /** Other classes delete officials between tests: no campaign may still point at one. */
    void removeCampaigns() {
        clock.set(null);
        db.update("DELETE FROM outbox WHERE campaign_id IS NOT NULL");
        db.update("DELETE FROM campaign");
    }

    private void account(String username, long unit, String role) {
        if (officials.findByUsername(username).isEmpty()) {
            officials.save(new Official(null, unit, username, Passwords.hash(PW), "Cán bộ " + username, null, role, null, false,
                    null, null, true, Instant.now()));
        }
    }

    Map<String, Object> call(MutableHttpRequest<?> request, String user) throws Exception {
        String body = http.toBlocking().exchange(request.basicAuth(user, PW), String.class).body();
        return json.readValue(body, Argument.mapOf(String.class, Object.class));
    }

    HttpClientResponseException refused(MutableHttpRequest<?> request, String user) {
        return assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(request.basicAuth(user, PW), String.class));
    }

    static String code(HttpClientResponseException e) {
        return e.getResponse().getBody(Map.class).map(m -> String.valueOf(m.get("error"))).orElse("?");
    }

    Map<String, Object> newCampaign(String author, String... channels) throws Exception {
        return call(HttpRequest.POST("/api/v1/campaigns", Map.of("unit", UNIT, "template", "tet-duong-lich", "title", "Chúc mừng năm mới 2027",
                "channels", java.util.List.of(channels), "scheduledAt", "2026-12-31T19:00:00+07:00",
                "variables", Map.of("year", "2027"))), author);
    }

    long id(Map<String, Object> campaign) {
        return ((Number) campaign.get("id")).longValue();
    }

    Map<String, Object> post(long id, String action, String user) throws Exception {
        return call(HttpRequest.POST("/api/v1/campaigns/" + id + "/" + action, Map.of()), user);
    }
}
