package vn.friendlygov.config;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import vn.friendlygov.BotSettings;
import vn.friendlygov.channel.PlatformHttpSettings;
import vn.friendlygov.channel.web.ChatLimits;
import vn.friendlygov.channel.web.WebChatSettings;
import vn.friendlygov.inbox.InboxSettings;
import vn.friendlygov.outbox.DispatcherSettings;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tunable has one typed, validated home: a bad value stops the start-up naming the setting,
 * and application.yml does not quietly override the defaults the README documents.
 */
class SettingsValidationTest {

    private static ApplicationContext start(Map<String, Object> properties) {
        Map<String, Object> all = new HashMap<>(properties);
        // No background senders: this context must never take another test's outbox rows.
        all.putIfAbsent("outbox.dispatcher.enabled", "false");
        all.put("tickets.scheduler.enabled", "false");
        ApplicationContext ctx = ApplicationContext.builder().environments("test").properties(all).build();
        try {
            return ctx.start();
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }

    private static String messages(Throwable t) {
        StringBuilder b = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            b.append(c.getMessage()).append(" | ");
        }
        return b.toString();
    }

    @ParameterizedTest
    @CsvSource({
            "inbox.lanes, 0, lanes",
            "inbox.writer-threads, 0, writerThreads",
            "web-chat.lanes, 0, lanes",
            "outbox.dispatcher.threads, 0, threads",
            "bot.rate-limit.per-address-per-minute, 0, perAddressPerMinute",
            "channels.zalo.night-ban-start-hour, 24, nightBanStartHour",
            "channels.http-connections, 0, httpConnections",
            "tickets.max-new-per-unit-per-day, 0, maxNewPerUnitPerDay",
            "bot.sign-in.max-failures, 0, maxFailures",
    })
    void aValueOutOfRangeStopsTheStartNamingTheSetting(String key, String value, String field) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> start(Map.of(key, value)).close());
        String m = messages(e);
        assertTrue(m.contains(field) && (m.contains("must be greater than") || m.contains("must be less than")), m);
    }

    @Test
    void theShippedConfigurationRunsTheDocumentedDefaults() {
        try (ApplicationContext ctx = start(Map.of())) {
            InboxSettings inbox = ctx.getBean(InboxSettings.class);
            assertEquals(2, inbox.getLanes(), "README: inbox.lanes 2");
            assertEquals(2, inbox.getWriterThreads());
            assertEquals(5000, inbox.getWriterMaxQueued());
            assertEquals(Duration.ofSeconds(5), inbox.getRecoveryInterval());
            assertEquals(4, ctx.getBean(WebChatSettings.class).getLanes());
            DispatcherSettings d = ctx.getBean(DispatcherSettings.class);
            assertEquals(64, d.getThreads());
            assertEquals(200, d.getBatchSize());
            assertEquals(400, d.getMaxInFlight());
            assertEquals(Duration.ofSeconds(2), d.getBaseBackoff());
            ChatLimits limits = ctx.getBean(ChatLimits.class);
            // (application-test.yml raises the per-conversation and per-address limits for the suite)
            assertEquals(600, limits.getMessagesPerAddressPerMinute());
            assertEquals(Duration.ofSeconds(10), ctx.getBean(PlatformHttpSettings.class).getHttpTimeout());
            assertEquals("mau", ctx.getBean(BotSettings.class).getDefaultUnit(), "the sample unit answers a first run");
        }
    }

    @Test
    void anOperatorsValueReplacesTheDefault() {
        try (ApplicationContext ctx = start(Map.of("inbox.lanes", "3", "web-chat.lanes", "6", "outbox.dispatcher.threads", "8"))) {
            assertEquals(3, ctx.getBean(InboxSettings.class).getLanes());
            assertEquals(6, ctx.getBean(WebChatSettings.class).getLanes());
            assertEquals(8, ctx.getBean(DispatcherSettings.class).getThreads());
        }
    }
}
