package vn.friendlygov.conversation.handoff;

import org.junit.jupiter.api.Test;
import vn.friendlygov.channel.Channels;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The platforms' windows as the reply box states them (channels-2026 §4.1, §3.7). */
class ReplyWindowTest {
    private static final Instant WROTE = Instant.parse("2026-12-01T03:00:00Z");

    private static ReplyWindow at(String channel, Duration after, boolean humanAgent) {
        return ReplyWindow.of(channel, WROTE, WROTE.plus(after), humanAgent, 7);
    }

    @Test
    void zaloIsFreeForTwoDaysThenBilledUntilTheSeventhThenClosed() {
        assertEquals(new ReplyWindow(true, "zalo_free", WROTE.plus(Duration.ofHours(48))), at(Channels.ZALO, Duration.ofHours(47), false));
        assertEquals(new ReplyWindow(true, "zalo_billable", WROTE.plus(Duration.ofDays(7))), at(Channels.ZALO, Duration.ofHours(48), false));
        assertEquals(new ReplyWindow(true, "zalo_billable", WROTE.plus(Duration.ofDays(7))), at(Channels.ZALO, Duration.ofDays(6), false));
        assertFalse(at(Channels.ZALO, Duration.ofDays(7), false).allowed());
    }

    @Test
    void messengerIsNormalForADayThenHumanAgentOnlyWhenPermitted() {
        assertEquals("normal", at(Channels.MESSENGER, Duration.ofHours(23), false).mode());
        assertEquals("human_agent_tag", at(Channels.MESSENGER, Duration.ofHours(25), true).mode());
        assertFalse(at(Channels.MESSENGER, Duration.ofHours(25), false).allowed());
        assertFalse(at(Channels.MESSENGER, Duration.ofDays(8), true).allowed());
    }

    @Test
    void neverWrittenMeansNoPlatformWindowButWebChatAlwaysGoes() {
        assertFalse(ReplyWindow.of(Channels.ZALO, null, WROTE, true, 7).allowed());
        assertEquals(new ReplyWindow(true, "web", null), ReplyWindow.of(Channels.WEB, null, WROTE, false, 7));
    }
}
