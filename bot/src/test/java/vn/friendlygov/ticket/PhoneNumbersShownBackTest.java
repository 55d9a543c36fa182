package vn.friendlygov.ticket;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.support.WebChatIds;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bot never shows back a phone number the resident typed: the resident's screen may be shared, or photographed. */
@MicronautTest(transactional = false)
class PhoneNumbersShownBackTest {
    @Inject @Client("/") HttpClient http;
    @Inject TicketRepository tickets;
    @Inject OutboxRepository outbox;
    @Inject TicketTexts texts;
    @Inject UnitDirectory units;
    @Inject ObjectMapper json;

    final WebChatIds ids = new WebChatIds();

    Map<String, Object> send(String alias, String key, String value) {
        return ids.remember(alias, http.toBlocking().retrieve(HttpRequest.POST("/api/v1/chat",
                ids.request(Map.of("conversationId", alias, key, value))), Argument.mapOf(String.class, Object.class)));
    }

    private static void assertNoNumber(String text) {
        for (String shown : List.of("0987 654 321", "0987654321", "0912-345-678", "0912345678", "+84 903 111 222", "903 111 222",
                "0903111222", "001234567890")) {
            assertFalse(text.contains(shown), "'" + shown + "' shown back in: " + text);
        }
    }

    @Test
    void everyWayOfWritingANumberIsMaskedAndCaseCodesAndHouseNumbersAreNot() {
        assertEquals("gọi ***678 nhé", ResidentText.maskPhones("gọi 0912 345 678 nhé"));
        assertEquals("gọi ***678.", ResidentText.maskPhones("gọi 0912.345.678."));
        assertEquals("sđt ***678", ResidentText.maskPhones("sđt 0912-345-678"));
        assertEquals("sđt ***678", ResidentText.maskPhones("sđt +84 912 345 678"));
        assertEquals("sđt ***678", ResidentText.maskPhones("sđt 84912345678"));
        assertEquals("CCCD ***890", ResidentText.maskPhones("CCCD 001234567890"));
        assertEquals("hai số ***678 và ***321", ResidentText.maskPhones("hai số 0912345678 và 0987654321"));
        for (String kept : List.of("phản ánh PA-2026-000123", "ngõ 5, số nhà 12, tổ dân phố 2", "năm 2026, 3 ngày", "")) {
            assertEquals(kept, ResidentText.maskPhones(kept));
        }
    }

    @Test
    void theSummaryBeforeSendingTheAcknowledgementAndTheApologyNeverShowANumberTheResidentTyped() throws Exception {
        String alias = "w-phone";
        send(alias, "text", "Đèn đường ngõ 5 hỏng cả tuần, tối om, ai cần thì gọi tôi 0987 654 321 hoặc 0912-345-678");
        send(alias, "text", "nhà bác Tư, ngõ 7, sđt +84 903 111 222");      // where, typed
        send(alias, "postback", "pa:skip");                                  // no photo
        Map<String, Object> summary = send(alias, "text", "số của em 0903111222 ạ");
        String shown = TicketFlowTest.texts(summary);
        assertTrue(shown.contains("Số điện thoại liên hệ: ***222"), "the number is kept, shown masked: " + shown);
        assertTrue(shown.contains("gọi tôi ***321 hoặc ***678"), shown);
        assertNoNumber(shown);

        String received = TicketFlowTest.texts(send(alias, "postback", "pa:confirm"));
        assertNoNumber(received);
        String code = ResidentText.code(received).orElseThrow(() -> new AssertionError(received));
        Unit mau = units.byCode("mau").orElseThrow();
        Ticket t = tickets.findByUnitIdAndCode(mau.id(), code).orElseThrow();
        // The case itself keeps everything for the official.
        assertEquals("0903111222", t.getPhone());
        assertTrue(t.getDescription().contains("0987 654 321") && t.getArea().contains("+84 903 111 222"), t.getDescription());

        // What the resident receives later: the acknowledgement, the status on request, the apology letter.
        List<OutboxRow> toResident = StreamSupport.stream(outbox.findAll().spliterator(), false)
                .filter(r -> r.recipientId().equals(ids.id(alias))).toList();
        assertFalse(toResident.isEmpty());
        for (OutboxRow r : toResident) {
            assertNoNumber(json.readValue(r.body(), Reply.class).text());
        }
        assertNoNumber(TicketFlowTest.texts(send(alias, "text", code)));
        String apology = texts.render("letters.apology.overdue", mau, t);
        assertTrue(apology.contains("***321"), apology);
        assertNoNumber(apology);
    }
}
