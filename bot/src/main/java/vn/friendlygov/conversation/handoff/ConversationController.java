package vn.friendlygov.conversation.handoff;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static vn.friendlygov.calendar.OfficeHours.iso;

/** Human handoff for officials (API.md "Human handoff"). What another unit holds is 404. */
@Controller("/api/v1/conversations")
@Secured({Official.OFFICIAL, Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversationController {
    static final int MAX_TEXT = 2000;

    @Serdeable
    public record ReplyRequest(@Nullable String text) {
    }

    // Every field API.md names is there, null when it has no value ("assignee", "waitingSince", "delivery").
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Summary(long id, String unit, String channel, String status, String lastMessageAt, @Nullable String assignee,
                          @Nullable String waitingSince, ReplyWindow replyWindow) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HistoryMessage(String direction, String author, String text, String at, @Nullable String delivery,
                                 @Nullable String reason) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(long id, String unit, String channel, String status, String lastMessageAt, @Nullable String assignee,
                         @Nullable String waitingSince, ReplyWindow replyWindow, @Nullable String residentPhone,
                         List<HistoryMessage> messages) {
    }

    @Serdeable
    public record Sent(String status, String delivery) {
    }

    private final HandoffService handoff;
    private final CurrentOfficial current;
    private final OfficialRepository officials;
    private final UnitDirectory units;
    private final Clock clock;

    public ConversationController(HandoffService handoff, CurrentOfficial current, OfficialRepository officials,
                                  UnitDirectory units, Clock clock) {
        this.handoff = handoff;
        this.current = current;
        this.officials = officials;
        this.units = units;
        this.clock = clock;
    }

    @Get("{?status}")
    public List<Summary> list(Authentication auth, @Nullable @QueryValue String status) {
        Official me = current.of(auth);
        Instant now = clock.instant();
        Map<Long, String> names = new HashMap<>();
        return handoff.list(me, status).stream().map(c -> summary(c, now, names)).toList();
    }

    @Get("/{id}")
    public Detail get(Authentication auth, @PathVariable String id) {
        Official me = current.of(auth);
        Conversation c = handoff.find(me, parse(id));
        return detail(c);
    }

    @Post("/{id}/take")
    public Detail take(Authentication auth, @PathVariable String id) {
        Official me = current.of(auth);
        return detail(handoff.take(me, parse(id)));
    }

    @Post("/{id}/reply")
    public Sent reply(Authentication auth, @PathVariable String id, @Body ReplyRequest body) {
        Official me = current.of(auth);
        String text = body.text() == null ? "" : body.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw ApiException.badRequest("text phải có 1–" + MAX_TEXT + " ký tự.");
        }
        handoff.reply(me, parse(id), text);
        // Queued: the history shows when the platform took it (or why it did not).
        return new Sent("queued", "PENDING");
    }

    @Post("/{id}/close")
    public Detail close(Authentication auth, @PathVariable String id) {
        Official me = current.of(auth);
        return detail(handoff.close(me, parse(id)));
    }

    private static long parse(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có cuộc trò chuyện " + vn.friendlygov.security.LogText.escape(id) + ".");
        }
        return Long.parseLong(id);
    }

    private Summary summary(Conversation c, Instant now, Map<Long, String> names) {
        return new Summary(c.getId(), unitCode(c), c.getChannel(), c.getStatus(), iso(c.getLastMessageAt()),
                c.getAssigneeId() == null ? null : names.computeIfAbsent(c.getAssigneeId(), this::username),
                iso(c.getWaitingSince()), handoff.window(c, now));
    }

    private Detail detail(Conversation c) {
        Instant now = clock.instant();
        ReplyWindow w = handoff.window(c, now);
        return new Detail(c.getId(), unitCode(c), c.getChannel(), c.getStatus(), iso(c.getLastMessageAt()),
                c.getAssigneeId() == null ? null : username(c.getAssigneeId()), iso(c.getWaitingSince()), w,
                w.allowed() ? null : handoff.residentPhone(c), history(c.getId()));
    }

    /** The whole history, oldest first: resident, bot and officials, each outgoing message with its delivery. */
    private List<HistoryMessage> history(long conversationId) {
        return handoff.history(conversationId).stream().map(l -> new HistoryMessage(l.in() ? "in" : "out",
                l.in() ? "resident" : l.author() == null ? "bot" : l.author(), l.text(), iso(l.at()),
                l.in() ? null : l.delivery(), l.in() ? null : l.reason())).toList();
    }

    private String username(long officialId) {
        return officials.findById(officialId).map(Official::username).orElse("?");
    }

    private String unitCode(Conversation c) {
        return units.byId(c.getUnitId()).map(Unit::code).orElse("?");
    }
}
