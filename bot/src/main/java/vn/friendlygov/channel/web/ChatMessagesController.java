package vn.friendlygov.channel.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Messages that reach a web-chat resident later: an official's answer, a case update, a greeting.
 * Only for an id the server issued; polled, so limited per client address ({@link ChatRateLimiter}).
 */
@Controller("/api/v1/chat")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ChatMessagesController {
    private final WebMailboxRepository mailbox;
    private final WebConversationRepository issued;
    private final UnitDirectory units;
    private final ObjectMapper json;
    private final ChatRateLimiter limiter;
    private final HttpClientAddressResolver addresses;

    public ChatMessagesController(WebMailboxRepository mailbox, WebConversationRepository issued, UnitDirectory units,
                                  ObjectMapper json, ChatRateLimiter limiter, HttpClientAddressResolver addresses) {
        this.mailbox = mailbox;
        this.issued = issued;
        this.units = units;
        this.json = json;
        this.limiter = limiter;
        this.addresses = addresses;
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Later(int seq, String text, List<Reply.QuickReply> quickReplies, String at) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)   // {"messages":[]} when there are none (API.md)
    public record Page(List<Later> messages) {
    }

    @Get("/{conversationId}/messages")
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Page messages(HttpRequest<?> request, @PathVariable String conversationId,
                         @QueryValue(defaultValue = "0") String after, @Nullable @QueryValue String unit) {
        if (!limiter.allowPoll(addresses.resolve(request))) {
            throw new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited",
                    "Anh/chị tải tin nhắn hơi nhanh, xin vui lòng đợi một chút ạ.");
        }
        if (!ConversationIds.wellFormed(conversationId)) {
            throw ChatController.malformedId();
        }
        int from;
        try {
            from = Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("after phải là số nguyên không âm.");
        }
        if (from < 0) {
            throw ApiException.badRequest("after phải là số nguyên không âm.");
        }
        Unit u = units.resolve(unit).orElseThrow(() -> ApiException.badRequest("Không có đơn vị này."));
        if (!issued.existsByUnitIdAndChannelAndChannelUserId(u.id(), ChatController.CHANNEL, conversationId)) {
            throw WebChat.unknownConversation();
        }
        return new Page(mailbox.after(u.id(), conversationId, from).stream().map(this::later).toList());
    }

    private Later later(WebMailboxMessage m) {
        try {
            List<Reply.QuickReply> quick = m.quickReplies() == null ? List.of()
                    : json.readValue(m.quickReplies(), Argument.listOf(Reply.QuickReply.class));
            return new Later(m.seq(), m.body(), quick, OfficeHours.iso(m.createdAt()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
