package vn.friendlygov.ticket;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationRepository;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.WebChatIds;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * New cases per client address and per unit per day (tickets.max-new-per-address-per-day,
 * tickets.max-new-per-unit-per-day): a web resident starts a new conversation for every case, which
 * the per-resident limit cannot see, and every case notifies an official.
 */
@MicronautTest(transactional = false)
@Property(name = "tickets.max-new-per-address-per-day", value = "2")
@Property(name = "tickets.max-new-per-unit-per-day", value = "3")
class NewCaseLimitTest {
    private static final String COMPLAINT = "Đèn đường ngõ 5 thôn Đông bị hỏng cả tháng nay, tối om rất nguy hiểm";

    @Inject @Client("/") HttpClient http;
    @Inject DataSource dataSource;
    @Inject TestClock clock;
    @Inject TicketService service;
    @Inject ConversationRepository conversations;
    @Inject ConversationService conversationService;
    @Inject UnitDirectory units;

    final WebChatIds ids = new WebChatIds();
    Db db;

    @BeforeEach
    void clean() throws Exception {
        try (Connection c = DelegatingDataSource.unwrapDataSource(dataSource).getConnection(); Statement s = c.createStatement()) {
            for (String sql : List.of("DELETE FROM ticket_event", "DELETE FROM ticket", "DELETE FROM outbox", "DELETE FROM letter")) {
                s.executeUpdate(sql);
            }
        }
        db = new Db(dataSource);
        clock.set(TicketFlowTest.MONDAY_9AM);
    }

    Map<String, Object> send(String alias, String key, String value) {
        return ids.remember(alias, http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat",
                ids.request(Map.of("conversationId", alias, key, value))), Argument.mapOf(String.class, Object.class)));
    }

    /** Files the street-light complaint to the end; returns the last answer's text. */
    String file(String alias) {
        send(alias, "text", COMPLAINT);
        send(alias, "postback", "pa:skip");
        send(alias, "postback", "pa:skip");
        return TicketFlowTest.texts(send(alias, "postback", "pa:confirm"));
    }

    long notifications() {
        return db.count("SELECT COUNT(*) FROM outbox WHERE dedupe_key LIKE 'ticket:%:notify:%'");
    }

    @Test
    void newCasesFromOneAddressStopAtTheDailyLimitWhateverTheConversation() {
        assertTrue(ResidentText.code(file("w-first")).isPresent());
        send("w-slow", "text", COMPLAINT);                 // an intake begun while one case is filed ...
        assertTrue(ResidentText.code(file("w-second")).isPresent());
        long notified = notifications();
        assertEquals(2, notified, "each case told its official");

        // A third new conversation from the same address: politely refused, nothing filed, nobody notified.
        String refused = TicketFlowTest.texts(send("w-third", "text", COMPLAINT));
        assertTrue(refused.contains("cùng một mạng Internet") && refused.contains("ngày mai"), refused);
        assertTrue(ResidentText.code(refused).isEmpty(), refused);
        // ... and one begun before the limit was reached is refused when it is sent.
        send("w-slow", "postback", "pa:skip");
        send("w-slow", "postback", "pa:skip");
        String late = TicketFlowTest.texts(send("w-slow", "postback", "pa:confirm"));
        assertTrue(late.contains("cùng một mạng Internet"), late);
        assertEquals(2, db.count("SELECT COUNT(*) FROM ticket"));
        assertEquals(notified, notifications());

        // The next day the address may file again.
        clock.advance(Duration.ofDays(1));
        assertTrue(ResidentText.code(file("w-next-day")).isPresent());
    }

    @Test
    void newCasesToOneUnitStopAtTheDailyLimitOnEveryChannel() {
        Unit mau = units.byCode("mau").orElseThrow();
        for (int i = 0; i < 3; i++) {    // three Zalo residents' cases today (no client address)
            Conversation c = conversations.save(Conversation.start(mau.id(), "zalo", "zalo-" + UUID.randomUUID(), clock.instant()));
            service.create(mau, c, new TicketService.Intake(TicketKind.PHAN_ANH, "Ổ gà trên đường liên thôn số " + i,
                    null, null, null, null, null), clock.instant());
        }
        String web = TicketFlowTest.texts(send("w-unit", "text", COMPLAINT));
        assertTrue(web.contains("đã nhận rất nhiều phản ánh") && web.contains("ngày mai"), web);
        var zalo = conversationService.handle(mau, "zalo", "zalo-" + UUID.randomUUID(), Inbound.text(COMPLAINT));
        String zaloText = zalo.outcome().replies().stream().map(Reply::text).collect(Collectors.joining("\n"));
        assertTrue(zaloText.contains("đã nhận rất nhiều phản ánh"), zaloText);
        assertEquals(3, db.count("SELECT COUNT(*) FROM ticket"));
        assertEquals(3, notifications());
    }
}
