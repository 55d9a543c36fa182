package vn.friendlygov.channel;

import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.friendlygov.channel.messenger.MessengerEvent;
import vn.friendlygov.channel.messenger.MessengerEvents;
import vn.friendlygov.channel.zalo.ZaloEvent;
import vn.friendlygov.channel.zalo.ZaloEvents;
import vn.friendlygov.channel.zalo.ZaloPayload;
import vn.friendlygov.conversation.Inbound;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One fixture file per real payload shape (bot/src/test/resources/fixtures/{messenger,zalo}/, shapes
 * from channels.md A1 and B1), each read into the typed event it must become, compared whole.
 */
class PlatformPayloadFixturesTest {
    static final ObjectMapper JSON = ObjectMapper.getDefault();
    static final String PSID = "6123456789012345";
    static final long FB_TS = 1458692752478L;
    static final String ZUSER = "246845883529197922";
    static final String OA = "388613280878808645";
    static final long Z_TS = 1699003881354L;

    static JsonNode fixture(String path) throws IOException {
        try (InputStream in = PlatformPayloadFixturesTest.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return JSON.readValue(in.readAllBytes(), JsonNode.class);
        }
    }

    static Stream<Arguments> messengerShapes() {
        return Stream.of(
                Arguments.of("text", new MessengerEvent.Text(PSID, "m_text_1", FB_TS, "làm giấy khai sinh cần gì")),
                Arguments.of("quick_reply", new MessengerEvent.QuickReply(PSID, "m_qr_1", FB_TS, "Lệ phí", "kb:khai-sinh:fee")),
                Arguments.of("postback", new MessengerEvent.Postback(PSID, "m_pb_1", FB_TS, "Gặp cán bộ", "kb:gap-can-bo")),
                Arguments.of("image", new MessengerEvent.Attachments(PSID, "m_img_1", FB_TS, null,
                        List.of(new Inbound.Attachment("image", "https://scontent.xx.fbcdn.net/v/t1.15752-9/a.jpg")))),
                Arguments.of("file", new MessengerEvent.Attachments(PSID, "m_file_1", FB_TS, null,
                        List.of(new Inbound.Attachment("file", "https://cdn.fbsbx.com/v/t59.2708-21/don-de-nghi.pdf")))),
                Arguments.of("location", new MessengerEvent.Location(PSID, "m_loc_1", FB_TS, 20.6936, 106.5083)),
                Arguments.of("sticker", new MessengerEvent.Attachments(PSID, "m_sticker_1", FB_TS, null,
                        List.of(new Inbound.Attachment("sticker", "https://scontent.xx.fbcdn.net/v/t39.1997-6/like.png")))),
                Arguments.of("link", new MessengerEvent.Attachments(PSID, "m_link_1", FB_TS, "https://dichvucong.gov.vn",
                        List.of(new Inbound.Attachment("link", "https://dichvucong.gov.vn")))),
                Arguments.of("echo", new MessengerEvent.Echo(PSID, "m_echo_1", 263902037430900L, "official-reply", "Dạ, xã xin trả lời")),
                Arguments.of("delivery", new MessengerEvent.Delivery(PSID, List.of("m_out_1", "m_out_2"), 1458668856253L)),
                Arguments.of("read", new MessengerEvent.Read(PSID, 1458668856253L)),
                Arguments.of("standby", new MessengerEvent.Standby(new MessengerEvent.Text(PSID, "m_standby_1", FB_TS, "cho hỏi"))),
                Arguments.of("unknown", new MessengerEvent.Unknown(PSID, List.of("message_edit"))));
    }

    @ParameterizedTest(name = "messenger/{0}.json")
    @MethodSource("messengerShapes")
    void eachMessengerShapeIsReadIntoItsTypedEvent(String shape, MessengerEvent expected) throws IOException {
        List<MessengerEvents.Item> items = MessengerEvents.read(fixture("messenger/" + shape + ".json"), JSON);
        assertEquals(1, items.size(), items.toString());
        MessengerEvents.Read read = assertInstanceOf(MessengerEvents.Read.class, items.get(0), items.toString());
        assertEquals("1122334455", read.pageId());
        assertEquals(expected, read.event());
    }

    static Stream<Arguments> zaloShapes() {
        return Stream.of(
                Arguments.of("text", new ZaloEvent.Text(ZUSER, OA, "96d3cdf3af150460909", Z_TS, "Xin chào, cho hỏi thủ tục khai sinh")),
                Arguments.of("image", new ZaloEvent.Attachments(ZUSER, OA, "zimg1", Z_TS, "Đèn đường hỏng",
                        List.of(new Inbound.Attachment("image", "https://photo-stal-9.zdn.vn/a.jpg")))),
                Arguments.of("file", new ZaloEvent.Attachments(ZUSER, OA, "zfile1", Z_TS, null,
                        List.of(new Inbound.Attachment("file", "https://f21-zpc.zdn.vn/don.pdf")))),
                Arguments.of("location", new ZaloEvent.Location(ZUSER, OA, "zloc1", Z_TS, 10.7642473, 106.6564314)),
                Arguments.of("sticker", new ZaloEvent.Attachments(ZUSER, OA, "zstk1", Z_TS, null,
                        List.of(new Inbound.Attachment("sticker", "https://zalo-api.zadn.vn/api/emoticon/sticker/webpc?eid=12345")))),
                Arguments.of("link", new ZaloEvent.Attachments(ZUSER, OA, "zlink1", Z_TS, null,
                        List.of(new Inbound.Attachment("link", "https://dichvucong.gov.vn")))),
                Arguments.of("echo", new ZaloEvent.Echo("oa_send_text", OA, ZUSER, "zecho1", "Dạ, xã xin trả lời")),
                Arguments.of("delivery", new ZaloEvent.Delivered(ZUSER, "zout1")),
                Arguments.of("read", new ZaloEvent.Seen(ZUSER, List.of("zout1", "zout2"))),
                Arguments.of("follow", new ZaloEvent.Follow(ZUSER, OA, Z_TS, "oa_profile")),
                Arguments.of("unfollow", new ZaloEvent.Unfollow(ZUSER, OA, Z_TS, "oa_profile")),
                Arguments.of("user_submit_info", new ZaloEvent.SubmitInfo(ZUSER, OA, null, Z_TS,
                        new ZaloPayload.Info("Trần Thị Bình", "0912345678", "Thôn Trung", "Xã Vĩnh Bảo", "Vĩnh Bảo", "Hải Phòng"))),
                Arguments.of("unknown", new ZaloEvent.Unknown("user_reacted_message")));
    }

    @ParameterizedTest(name = "zalo/{0}.json")
    @MethodSource("zaloShapes")
    void eachZaloShapeIsReadIntoItsTypedEvent(String shape, ZaloEvent expected) throws IOException {
        assertEquals(expected, ZaloEvents.read(fixture("zalo/" + shape + ".json"), JSON));
    }

    /** The items a platform may send broken: each is rejected with a reason, never half-read. */
    @ParameterizedTest
    @ValueSource(strings = {
            "{\"sender\":{\"id\":\"p1\"},\"recipient\":{\"id\":\"1122334455\"},\"timestamp\":1,\"message\":{\"mid\":\"m1\",\"attachments\":[{\"type\":\"location\",\"payload\":{\"coordinates\":{\"long\":106.5}}}]}}",
            "{\"sender\":{\"id\":\"p1\"},\"recipient\":{\"id\":\"1122334455\"},\"timestamp\":\"yesterday\",\"message\":{\"mid\":\"m1\",\"text\":\"hi\"}}",
            "{\"recipient\":{\"id\":\"1122334455\"},\"timestamp\":1,\"message\":{\"mid\":\"m1\",\"text\":\"hi\"}}",
            "{\"sender\":{\"id\":\"p1\"},\"recipient\":{\"id\":\"1122334455\"},\"message\":{\"mid\":\"m1\",\"text\":\"hi\"}}",
            "{\"sender\":{\"id\":\"p1\"},\"recipient\":{\"id\":\"1122334455\"},\"timestamp\":1,\"postback\":\"not an object\"}",
            "\"not an object\""})
    void aBrokenMessengerItemIsRejectedWithItsJsonAndAReason(String item) throws IOException {
        String body = "{\"object\":\"page\",\"entry\":[{\"id\":\"1122334455\",\"messaging\":[" + item + "]}]}";
        List<MessengerEvents.Item> items = MessengerEvents.read(JSON.readValue(body, JsonNode.class), JSON);
        MessengerEvents.Invalid bad = assertInstanceOf(MessengerEvents.Invalid.class, items.get(0), items.toString());
        assertEquals(JSON.readValue(item, JsonNode.class), JSON.readValue(bad.rawJson(), JsonNode.class), "the item's JSON is kept");
        assertTrue(!bad.reason().isBlank(), bad.reason());
    }

    @org.junit.jupiter.api.Test
    void aSenderIdLongerThanItsColumnIsRejectedNotCut() throws IOException {
        String longId = "9".repeat(300);
        String messenger = "{\"object\":\"page\",\"entry\":[{\"id\":\"1122334455\",\"messaging\":[{\"sender\":{\"id\":\"" + longId
                + "\"},\"recipient\":{\"id\":\"1122334455\"},\"timestamp\":1,\"message\":{\"mid\":\"m1\",\"text\":\"hi\"}}]}]}";
        MessengerEvents.Invalid bad = assertInstanceOf(MessengerEvents.Invalid.class,
                MessengerEvents.read(JSON.readValue(messenger, JsonNode.class), JSON).get(0));
        assertEquals("sender.id is 300 characters, longer than 128", bad.reason());
        String zalo = "{\"app_id\":\"1\",\"event_name\":\"user_send_text\",\"sender\":{\"id\":\"" + longId
                + "\"},\"recipient\":{\"id\":\"" + OA + "\"},\"message\":{\"text\":\"hi\",\"msg_id\":\"z1\"},\"timestamp\":\"1\"}";
        RejectedItem.Invalid e = assertThrows(RejectedItem.Invalid.class, () -> ZaloEvents.read(JSON.readValue(zalo, JsonNode.class), JSON));
        assertEquals("sender.id is 300 characters, longer than 128", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event_name\":\"user_send_location\",\"sender\":{\"id\":\"u1\"},\"recipient\":{\"id\":\"" + OA + "\"},\"message\":{\"msg_id\":\"z1\",\"attachments\":[{\"type\":\"location\",\"payload\":{\"coordinates\":{\"longitude\":\"106.6\"}}}]},\"timestamp\":\"1\"}",
            "{\"event_name\":\"user_send_text\",\"sender\":{\"id\":\"u1\"},\"recipient\":{\"id\":\"" + OA + "\"},\"message\":{\"msg_id\":\"z1\",\"text\":\"hi\"},\"timestamp\":\"yesterday\"}",
            "{\"event_name\":\"user_send_text\",\"recipient\":{\"id\":\"" + OA + "\"},\"message\":{\"msg_id\":\"z1\",\"text\":\"hi\"},\"timestamp\":\"1\"}",
            "{\"event_name\":\"user_send_text\",\"sender\":\"u1\",\"recipient\":{\"id\":\"" + OA + "\"},\"timestamp\":\"1\"}"})
    void aBrokenZaloEventIsRejectedWithAReason(String body) {
        RejectedItem.Invalid e = assertThrows(RejectedItem.Invalid.class, () -> ZaloEvents.read(JSON.readValue(body, JsonNode.class), JSON));
        assertTrue(!e.getMessage().isBlank());
    }
}
