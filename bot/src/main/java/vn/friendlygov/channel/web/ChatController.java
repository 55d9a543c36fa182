package vn.friendlygov.channel.web;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.util.concurrent.CompletableFuture;

/** The commune website's chat box (API.md "Web chat"). */
@Controller("/api/v1/chat")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ChatController {
    public static final String CHANNEL = "web";
    static final int MAX_TEXT = 2000;
    static final int MAX_PAYLOAD = 1000;

    private final WebChat chat;
    private final UnitDirectory units;
    private final ChatRateLimiter limiter;
    private final HttpClientAddressResolver addresses;

    public ChatController(WebChat chat, UnitDirectory units, ChatRateLimiter limiter,
                          HttpClientAddressResolver addresses) {
        this.chat = chat;
        this.units = units;
        this.limiter = limiter;
        this.addresses = addresses;
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    @ExecuteOn(TaskExecutors.BLOCKING)
    public CompletableFuture<ChatResponse> chat(HttpRequest<?> request, @Body ChatRequest body) {
        // The first message carries no id: the server issues one. Any other id must be one it issued.
        boolean fresh = body.conversationId() == null;
        if (!fresh && !ConversationIds.wellFormed(body.conversationId())) {
            throw malformedId();
        }
        Inbound inbound = inbound(body);
        Unit unit = units.resolve(body.unit())
                .orElseThrow(() -> ApiException.badRequest("Không có đơn vị mã '" + clip(body.unit()) + "'."));
        String id = fresh ? ConversationIds.issue() : body.conversationId();
        String address = addresses.resolve(request);
        if (!limiter.allow(unit.code() + "/" + id, address)) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Anh/chị gửi tin hơi nhanh, xin vui lòng đợi một chút rồi gửi lại ạ.");
        }
        return chat.answer(unit, id, fresh, inbound, address)
                .thenApply(handled -> new ChatResponse(id, handled.outcome().replies(), handled.outcome().match()));
    }

    static ApiException malformedId() {
        return ApiException.badRequest("conversationId không hợp lệ: tin nhắn đầu tiên không gửi conversationId, "
                + "các tin sau gửi đúng mã máy chủ đã cấp.");
    }

    private static Inbound inbound(ChatRequest body) {
        if (body.postback() != null) {
            if (body.postback().isBlank() || body.postback().length() > MAX_PAYLOAD) {
                throw ApiException.badRequest("postback phải có 1–" + MAX_PAYLOAD + " ký tự.");
            }
            return Inbound.postback(body.postback());
        }
        String text = body.text();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("Thiếu nội dung tin nhắn (text).");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw ApiException.badRequest("Tin nhắn dài quá " + MAX_TEXT + " ký tự, anh/chị vui lòng chia nhỏ ạ.");
        }
        return Inbound.text(text);
    }

    private static String clip(String s) {
        return s == null ? "" : s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
