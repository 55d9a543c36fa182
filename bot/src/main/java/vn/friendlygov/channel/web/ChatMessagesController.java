package vn.friendlygov.channel.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
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
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Messages that reach a web-chat resident later: an official's answer, a case update, a greeting. */
@Controller("/api/v1/chat")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ChatMessagesController {
    private final WebMailboxRepository mailbox;
    private final UnitDirectory units;
    private final ObjectMapper json;

    public ChatMessagesController(WebMailboxRepository mailbox, UnitDirectory units, ObjectMapper json) {
        this.mailbox = mailbox;
        this.units = units;
        this.json = json;
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
    public Page messages(@PathVariable String conversationId, @QueryValue(defaultValue = "0") String after,
                         @Nullable @QueryValue String unit) {
        if (!ChatController.CONVERSATION_ID.matcher(conversationId).matches()) {
            throw ApiException.badRequest("conversationId phải gồm 1–64 ký tự chữ, số, '_' hoặc '-'.");
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
        return new Page(mailbox.after(u.id(), conversationId, from).stream().map(this::later).toList());
    }

    private Later later(WebMailboxMessage m) {
        try {
            List<Reply.QuickReply> quick = m.quickReplies() == null ? List.of()
                    : json.readValue(m.quickReplies(), Argument.listOf(Reply.QuickReply.class));
            return new Later(m.seq(), m.body(), quick, DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(m.createdAt().atZone(OfficeHours.ZONE)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
