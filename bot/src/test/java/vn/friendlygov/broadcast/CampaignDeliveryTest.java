package vn.friendlygov.broadcast;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.outbox.OutboxStore;
import vn.friendlygov.support.Eventually;
import vn.friendlygov.support.FakePlatforms;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign from approval to DONE against the fake Zalo and Graph servers, with the outbox's own
 * dispatcher: one Zalo Article broadcast within 06:00–21:59 and at most one a day; Messenger only to
 * residents inside 24 hours (the others counted skipped with the reason); open web chats; the
 * report by channel; exactly once at the fakes when the expansion is repeated by a second runner
 * and after a lost cursor; a broadcast left in doubt by a crash is never sent again; replies are
 * claimed before campaign rows.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CampaignDeliveryTest extends CampaignTestBase {
    static final FakePlatforms FAKES = FakePlatforms.start();
    /** 19:30 in Hà Nội on New Year's Eve. */
    static final Instant EVE = Instant.parse("2026-12-31T12:30:00Z");

    @Inject CampaignRunner runner;
    @Inject CampaignRepository campaigns;
    @Inject Outbox outbox;
    String run;

    @Override
    FakePlatforms fakes() {
        return FAKES;
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = new java.util.HashMap<>(super.getProperties());
        // The page's rate out of the way: what holds messages back here is the send threads.
        p.put("channels.messenger.rate-per-second", "100000");
        return p;
    }

    @BeforeEach
    void setUp() {
        setUpBase();
        db.update("DELETE FROM follower WHERE unit_id = ?", unitId);
        // Open web chats of an earlier run on the same database would count in this run's audience.
        db.update("DELETE FROM conversation WHERE unit_id = ? AND channel = 'web' AND channel_user_id LIKE 'camp-web-%'", unitId);
        run = UUID.randomUUID().toString().substring(0, 8);
        clock.set(EVE);
    }

    @AfterEach
    void resetClock() {
        clock.set(null);
    }

    @AfterAll
    void tearDown() {
        removeCampaigns();
        FAKES.close();
    }

    private String follower(String channel, String name, Duration sinceInteraction, boolean following, boolean optedOut) {
        String user = name + "-" + run;
        db.update("INSERT INTO follower (unit_id, channel, user_id, following, opted_out, last_interaction_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", unitId, channel, user, following, optedOut, Timestamp.from(EVE.minus(sinceInteraction)),
                Timestamp.from(EVE));
        return user;
    }

    private String webChat(Duration sinceLastMessage) {
        String key = "camp-web-" + UUID.randomUUID();
        Timestamp at = Timestamp.from(EVE.minus(sinceLastMessage));
        db.update("INSERT INTO conversation (unit_id, channel, channel_user_id, status, last_message_at, created_at) "
                + "VALUES (?, 'web', ?, 'BOT', ?, ?)", unitId, key, at, at);
        return key;
    }

    private long approved(String... channels) throws Exception {
        long id = id(newCampaign("camp-author", channels));
        post(id, "submit", "camp-author");
        post(id, "approve", "camp-leader");
        return id;
    }

    private Map<String, Object> get(long id) throws Exception {
        return call(HttpRequest.GET("/api/v1/campaigns/" + id), "camp-leader");
    }

    private void runUntilDone(long id) {
        Eventually.await(Duration.ofSeconds(30), "campaign " + id + " DONE", () -> {
            runner.runOnce();
            return "DONE".equals(db.one("SELECT status FROM campaign WHERE id = ?", id));
        });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> channel(Map<String, Object> campaign, String channel) {
        return (Map<String, Object>) ((Map<String, Object>) campaign.get("report")).get(channel);
    }

    @Test
    void everyChannelWithinItsRulesAndTheReportByChannel() throws Exception {
        String inside = follower("messenger", "m-in", Duration.ofHours(1), true, false);
        String old = follower("messenger", "m-old", Duration.ofDays(2), true, false);
        String optedOut = follower("messenger", "m-out", Duration.ofHours(1), true, true);
        String unfollowed = follower("messenger", "m-gone", Duration.ofHours(1), false, false);
        String zaloFollower = follower("zalo", "z-1", Duration.ofDays(30), true, false);
        String open = webChat(Duration.ofDays(1));
        String stale = webChat(Duration.ofDays(40));
        long id = approved("zalo", "messenger", "web");

        runUntilDone(id);

        assertEquals(1, FAKES.sentTo(inside).size());
        assertTrue(FAKES.sentTo(inside).get(0).text().startsWith("Kính gửi Quý bà con Xã Hòa Bình"), FAKES.sentTo(inside).get(0).text());
        assertTrue(FAKES.sentTo(inside).get(0).body().contains("\"UPDATE\""), "no tag, inside 24 h");
        for (String nobody : List.of(old, optedOut, unfollowed, zaloFollower)) {
            assertEquals(0, FAKES.sentTo(nobody).size(), nobody);
        }
        // Zalo: one Article, one broadcast to every follower; no personal message in broadcast mode.
        assertEquals(1, FAKES.articles().size());
        assertTrue(FAKES.articles().get(0).contains("năm mới 2027"), FAKES.articles().get(0));
        assertEquals(1, FAKES.broadcasts().size());
        assertTrue(FAKES.broadcasts().get(0).contains("\"media_type\":\"article\""), FAKES.broadcasts().get(0));
        assertEquals(1, db.count("SELECT COUNT(*) FROM web_mailbox WHERE conversation_key = ?", open));
        assertEquals(0, db.count("SELECT COUNT(*) FROM web_mailbox WHERE conversation_key = ?", stale));

        Map<String, Object> c = get(id);
        assertEquals("DONE", c.get("status"));
        Map<String, Object> messenger = channel(c, "messenger");
        assertEquals(1, ((Number) messenger.get("sent")).intValue());
        assertEquals(0, ((Number) messenger.get("pending")).intValue());
        assertEquals(Map.of("outside_24h_window", 1, "opted_out", 1), messenger.get("skipped"));
        assertEquals(Map.of(), messenger.get("failed"));
        assertEquals(1, ((Number) channel(c, "web").get("sent")).intValue());
        assertEquals("SENT", ((Map<?, ?>) channel(c, "zalo").get("broadcast")).get("status"));
    }

    @Test
    void theZaloBroadcastWaitsOutTheNightAndGoesAtMostOnceADay() throws Exception {
        clock.set(Instant.parse("2026-12-31T16:00:00Z"));   // 23:00 in Hà Nội
        long first = approved("zalo");
        runner.runOnce();
        runner.runOnce();
        assertEquals(0, FAKES.broadcasts().size());
        assertEquals("night_hours", db.one("SELECT zalo_reason FROM campaign WHERE id = ?", first));
        assertEquals("RUNNING", db.one("SELECT status FROM campaign WHERE id = ?", first));

        clock.set(Instant.parse("2027-01-01T01:00:00Z"));   // 08:00
        runUntilDone(first);
        assertEquals(1, FAKES.broadcasts().size());

        long second = approved("zalo");
        runner.runOnce();
        runner.runOnce();
        assertEquals(1, FAKES.broadcasts().size(), "a follower gets at most one broadcast a day");
        assertEquals("zalo_daily_cap", db.one("SELECT zalo_reason FROM campaign WHERE id = ?", second));

        clock.set(Instant.parse("2027-01-02T01:00:00Z"));
        runUntilDone(second);
        assertEquals(2, FAKES.broadcasts().size());
    }

    @Test
    void exactlyOnceWhenTheExpansionRunsTwiceAndAfterALostCursor() throws Exception {
        List<String> residents = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            residents.add(follower("messenger", "m-" + i, Duration.ofMinutes(30), true, false));
        }
        long id = approved("messenger");
        campaigns.update("UPDATE campaign SET status = 'RUNNING' WHERE id = ?", id);
        String body = "{\"text\":\"Chúc mừng năm mới\",\"quickReplies\":[]}";
        campaigns.expandNext(id, List.of("messenger"), 2, body, EVE, EVE);
        // The cursor is lost (as if its chunk's commit had not happened): the same chunk again.
        campaigns.update("UPDATE campaign SET expand_after_id = 0, expand_channel = NULL WHERE id = ?", id);
        // Two instances' runners at once.
        CompletableFuture<Void> other = CompletableFuture.runAsync(runner::runOnce);
        runner.runOnce();
        other.join();
        runUntilDone(id);

        for (String r : residents) {
            assertEquals(1, FAKES.sentTo(r).size(), r);
        }
        assertEquals(7, db.count("SELECT COUNT(*) FROM outbox WHERE campaign_id = ?", id));
        assertEquals(7, ((Number) channel(get(id), "messenger").get("sent")).intValue());
    }

    @Test
    void aBroadcastLeftInDoubtByACrashIsReportedAndNeverSentAgain() throws Exception {
        long id = approved("zalo");
        campaigns.update("UPDATE campaign SET status = 'RUNNING', expanded = TRUE, zalo_broadcast = 'SENDING', zalo_article_id = 'a-1', "
                + "zalo_broadcast_at = ? WHERE id = ?", EVE.minus(Duration.ofMinutes(11)), id);
        runUntilDone(id);
        assertEquals(0, FAKES.broadcasts().size());
        Map<?, ?> broadcast = (Map<?, ?>) channel(get(id), "zalo").get("broadcast");
        assertEquals("FAILED", broadcast.get("status"));
        assertEquals("in_doubt", broadcast.get("reason"));
    }

    @Test
    void pausedMessagesWaitUntilResumedAndCancelledOnesAreSkipped() throws Exception {
        String a = follower("messenger", "m-p", Duration.ofMinutes(30), true, false);
        String b = follower("messenger", "m-q", Duration.ofMinutes(30), true, false);
        long id = approved("messenger");
        long other = approved("messenger");
        for (long c : List.of(id, other)) {
            campaigns.update("UPDATE campaign SET status = 'RUNNING' WHERE id = ?", c);
            // Rows due in an hour, so the dispatcher does not take them before the pause.
            campaigns.expandNext(c, List.of("messenger"), 10, "{\"text\":\"x" + c + "\",\"quickReplies\":[]}", EVE,
                    EVE.plus(Duration.ofHours(1)));
            assertEquals("PAUSED", post(c, "pause", "camp-leader").get("status"));
        }
        clock.set(EVE.plus(Duration.ofHours(2)));
        Eventually.stays(Duration.ofMillis(600), "nothing sent while paused", () -> FAKES.sentTo(a).isEmpty() && FAKES.sentTo(b).isEmpty());

        Map<String, Object> cancelled = post(other, "cancel", "camp-author");
        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals(Map.of("campaign_cancelled", 2), channel(cancelled, "messenger").get("skipped"));

        assertEquals("SCHEDULED", post(id, "resume", "camp-leader").get("status"));
        runUntilDone(id);
        assertEquals(1, FAKES.sentTo(a).size());
        assertEquals(1, FAKES.sentTo(b).size());
        assertEquals(2, ((Number) channel(get(id), "messenger").get("sent")).intValue());
    }

    /** The claim takes replies and officials' messages before campaign rows, whatever their age. */
    @Test
    void repliesAreClaimedBeforeCampaignRows() {
        String prefix = "test:prio:" + run + ":";
        Timestamp later = Timestamp.from(Instant.parse("2100-01-01T00:00:00Z"));   // the dispatcher leaves them alone
        try {
            for (int i = 0; i < 3; i++) {
                db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                        + "created_at, priority, campaign_id) VALUES (?, ?, 'messenger', ?, 'PROMOTION', '{}', 'PENDING', 0, ?, NOW(), 1, -1)",
                        prefix + "c" + i, unitId, prefix + "c" + i, later);
            }
            db.update("INSERT INTO outbox (dedupe_key, unit_id, channel, recipient_id, kind, body, status, attempts, next_attempt_at, "
                    + "created_at) VALUES (?, ?, 'messenger', ?, 'REPLY', '{}', 'PENDING', 0, ?, NOW())", prefix + "r", unitId, prefix + "r", later);
            String first = db.one(OutboxStore.DUE.replace("SELECT *", "SELECT o.dedupe_key").replace(" FOR UPDATE SKIP LOCKED", "")
                    .replace(":now", "'2100-01-02'").replace(":limit", "1"));
            assertEquals(prefix + "r", first);
        } finally {
            db.update("DELETE FROM outbox WHERE dedupe_key LIKE ?", prefix + "%");
        }
    }

    /** A resident's answer is not held back by their own campaign message waiting (paused here, or the night ban). */
    @Test
    void aReplyDoesNotWaitBehindTheResidentsPausedGreeting() throws Exception {
        String resident = follower("messenger", "m-wait", Duration.ofMinutes(30), true, false);
        long id = approved("messenger");
        campaigns.update("UPDATE campaign SET status = 'RUNNING' WHERE id = ?", id);
        campaigns.expandNext(id, List.of("messenger"), 10, "{\"text\":\"Chúc mừng năm mới\",\"quickReplies\":[]}", EVE,
                EVE.plus(Duration.ofHours(1)));
        assertEquals("PAUSED", post(id, "pause", "camp-leader").get("status"));

        outbox.enqueue(new OutboundMessage(unitId, "messenger", resident, null, MessageKind.REPLY,
                Reply.of("Dạ, bộ phận một cửa làm việc từ 7 giờ 30."), "test:reply-first:" + run));

        Eventually.await(Duration.ofSeconds(10), "the reply sent", () -> FAKES.sentTo(resident).size() == 1);
        assertEquals("Dạ, bộ phận một cửa làm việc từ 7 giờ 30.", FAKES.sentTo(resident).get(0).text());
        assertEquals(1, db.count("SELECT COUNT(*) FROM outbox WHERE campaign_id = ? AND status = 'PENDING'", id));
        post(id, "cancel", "camp-author");
    }

    /**
     * Sends already claimed wait for a free send thread; a reply claimed after a campaign's backlog
     * is sent by the next one, not after the backlog (the platform answers slowly here).
     */
    @Test
    void aReplyClaimedBehindACampaignBacklogIsSentBeforeIt() throws Exception {
        int backlog = 320;
        for (int i = 0; i < backlog; i++) {
            follower("messenger", "m-many" + i, Duration.ofMinutes(30), true, false);
        }
        String resident = follower("messenger", "m-asks", Duration.ofMinutes(10), true, false);
        long id = approved("messenger");
        campaigns.update("UPDATE campaign SET status = 'RUNNING' WHERE id = ?", id);
        FAKES.setDelayMs(100);
        try {
            campaigns.expandNext(id, List.of("messenger"), backlog + 1, "{\"text\":\"Chúc mừng năm mới\",\"quickReplies\":[]}",
                    EVE.minus(Duration.ofDays(1)), EVE);
            Eventually.await(Duration.ofSeconds(10), "the campaign being sent", () -> FAKES.sent().size() >= 1);
            outbox.enqueue(new OutboundMessage(unitId, "messenger", resident, null, MessageKind.REPLY,
                    Reply.of("Dạ, anh/chị mang theo căn cước."), "test:reply-backlog:" + run));
            Eventually.await(Duration.ofSeconds(30), "the reply sent", () -> FAKES.sentTo(resident).stream()
                    .anyMatch(m -> m.text().startsWith("Dạ, anh/chị mang theo")));
            Eventually.await(Duration.ofSeconds(30), "the whole campaign sent", () -> FAKES.sent().stream()
                    .filter(m -> m.text().startsWith("Chúc mừng")).count() == backlog + 1);
            List<FakePlatforms.Sent> sent = FAKES.sent();
            int at = 0;
            while (!(resident.equals(sent.get(at).recipient()) && sent.get(at).text().startsWith("Dạ, anh/chị mang theo"))) {
                at++;
            }
            long campaignAfter = sent.stream().skip(at + 1).filter(m -> m.text().startsWith("Chúc mừng")).count();
            assertTrue(campaignAfter >= backlog / 4, "the reply was message " + (at + 1) + " at the fake; only "
                    + campaignAfter + " campaign messages after it");
        } finally {
            FAKES.setDelayMs(0);
            post(id, "cancel", "camp-author");
        }
    }
}
