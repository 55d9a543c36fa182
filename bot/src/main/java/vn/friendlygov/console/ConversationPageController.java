package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.Follower;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.snippet.ReplySnippets;
import vn.friendlygov.conversation.handoff.HandoffService;
import vn.friendlygov.conversation.handoff.ReplyWindow;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Conversations handed to a person: the list (waiting oldest first, held by me) and the
 * conversation page (the whole history with who wrote what and each delivery, the reply box with
 * how the reply would go now, take / hand back, private notes, "suggest for the knowledge base"),
 * all through {@link HandoffService}, scoped to the official's unit (another unit's: 404).
 */
@Controller("/console/conversations")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class ConversationPageController {
    private static final int MAX_TEXT = 2000;

    public record Row(long id, String channel, String status, String since, String last, @Nullable String assignee, boolean mine) {
        static Row of(Conversation c, Official me, @Nullable String assignee) {
            return new Row(c.getId(), ConversationPageController.channel(c.getChannel()), STATUS.getOrDefault(c.getStatus(), c.getStatus()),
                    ConsolePages.shown(c.getWaitingSince()), ConsolePages.shown(c.getLastMessageAt()), assignee, me.id().equals(c.getAssigneeId()));
        }
    }

    public record Line(boolean incoming, String who, String text, String at, @Nullable String delivery, boolean bad) {
    }

    private static final Map<String, String> STATUS = Map.of(Conversation.BOT, "Trợ lý ảo đang trả lời",
            Conversation.WAITING_FOR_OFFICIAL, "Đang chờ cán bộ", Conversation.WITH_OFFICIAL, "Cán bộ đang trả lời");
    private static final Map<String, String> DELIVERY = Map.of(OutboxRow.PENDING, "đang chờ gửi", OutboxRow.SENT, "đã gửi",
            OutboxRow.SKIPPED, "không gửi được", OutboxRow.FAILED, "gửi lỗi");

    private final ConsolePages pages;
    private final HandoffService handoff;
    private final OfficialRepository officials;
    private final Clock clock;
    private final ReplySnippets snippets;
    private final FollowerRepository followers;

    public ConversationPageController(ConsolePages pages, HandoffService handoff, OfficialRepository officials, Clock clock,
                                      ReplySnippets snippets, FollowerRepository followers) {
        this.pages = pages;
        this.snippets = snippets;
        this.followers = followers;
        this.handoff = handoff;
        this.officials = officials;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> list(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Người dân cần gặp cán bộ");
        m.put("waiting", rows(me, handoff.list(me, Conversation.WAITING_FOR_OFFICIAL)));
        m.put("held", rows(me, handoff.list(me, Conversation.WITH_OFFICIAL)));
        return HttpResponse.ok(ConsolePages.view("console/conversations", m));
    }

    private List<Row> rows(Official me, List<Conversation> list) {
        return list.stream().map(c -> Row.of(c, me,
                c.getAssigneeId() == null ? null : officials.findById(c.getAssigneeId()).map(Official::fullName).orElse(null))).toList();
    }

    @Get(value = "/{id}", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> show(HttpRequest<?> request, Authentication auth, @PathVariable String id,
                                       @Nullable @QueryValue String snippet) {
        Official me = pages.me(auth);
        Conversation c = handoff.find(me, parse(id));
        Instant now = clock.instant();
        Map<String, Object> m = pages.model(request, auth, me, "Cuộc trò chuyện #" + c.getId());
        m.put("c", c);
        m.put("base", "/console/conversations/" + c.getId());
        m.put("statusLabel", STATUS.getOrDefault(c.getStatus(), c.getStatus()));
        m.put("channel", channel(c.getChannel()));
        m.put("since", ConsolePages.shown(c.getWaitingSince()));
        m.put("holder", c.getAssigneeId() == null ? null : officials.findById(c.getAssigneeId()).map(Official::fullName).orElse(null));
        boolean mine = Conversation.WITH_OFFICIAL.equals(c.getStatus()) && me.id().equals(c.getAssigneeId());
        m.put("mine", mine);
        m.put("canTake", !Conversation.WITH_OFFICIAL.equals(c.getStatus()));
        m.put("canClose", c.withHuman() && (mine || !Official.OFFICIAL.equals(me.role())));
        ReplyWindow w = handoff.window(c, now);
        m.put("window", window(w));
        m.put("windowOpen", w.allowed());
        m.put("phone", w.allowed() ? null : handoff.residentPhone(c));
        m.put("lines", handoff.history(c.getId()).stream().map(l -> new Line(l.in(),
                l.in() ? "Người dân" : l.author() == null ? "Trợ lý ảo" : l.author(), l.text(), ConsolePages.shown(l.at()),
                l.in() || l.delivery() == null ? null : DELIVERY.getOrDefault(l.delivery(), l.delivery())
                        + (l.reason() == null ? "" : " (" + l.reason() + ")"),
                OutboxRow.SKIPPED.equals(l.delivery()) || OutboxRow.FAILED.equals(l.delivery()))).toList());
        m.put("snippets", snippets.list(c.getUnitId()));
        m.put("draft", snippet == null || !mine ? "" : snippets.render(snippets.inUnit(parseSnippet(snippet), c.getUnitId()),
                new ReplySnippets.Fill(followers.findByUnitIdAndChannelAndUserId(c.getUnitId(), c.getChannel(), c.getChannelUserId())
                        .map(Follower::displayName).orElse(null), me.fullName(), handoff.residentCase(c))));
        m.put("notes", handoff.notes(c.getId()).stream().map(l -> new Line(false, l.author(), l.text(), ConsolePages.shown(l.at()),
                null, false)).toList());
        return HttpResponse.ok(ConsolePages.view("console/conversation", m));
    }

    @Post(value = "/{id}/take", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> take(Authentication auth, @PathVariable String id) {
        handoff.take(pages.me(auth), parse(id));
        return ConsolePages.redirect("/console/conversations/" + parse(id), "taken");
    }

    @Post(value = "/{id}/reply", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> reply(Authentication auth, @PathVariable String id, @Body Map<String, String> form) {
        handoff.reply(pages.me(auth), parse(id), text(form.get("text"), "Tin nhắn"));
        return ConsolePages.redirect("/console/conversations/" + parse(id), "sent");
    }

    @Post(value = "/{id}/close", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> close(Authentication auth, @PathVariable String id) {
        handoff.close(pages.me(auth), parse(id));
        return ConsolePages.redirect("/console/conversations/" + parse(id), "handed_back");
    }

    @Post(value = "/{id}/note", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> note(Authentication auth, @PathVariable String id, @Body Map<String, String> form) {
        handoff.note(pages.me(auth), parse(id), text(form.get("text"), "Ghi chú"));
        return ConsolePages.redirect("/console/conversations/" + parse(id), "noted");
    }

    @Post(value = "/{id}/suggest", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> suggest(Authentication auth, @PathVariable String id, @Body Map<String, String> form) {
        handoff.suggest(pages.me(auth), parse(id), text(form.get("question"), "Câu hỏi"));
        return ConsolePages.redirect("/console/conversations/" + parse(id), "suggested");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static long parse(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có cuộc trò chuyện này.");
        }
        return Long.parseLong(id);
    }

    private static long parseSnippet(String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có mẫu trả lời này.");
        }
        return Long.parseLong(id);
    }

    private static String text(@Nullable String value, String what) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty() || v.length() > MAX_TEXT) {
            throw ApiException.badRequest(what + " phải có 1–" + MAX_TEXT + " ký tự.");
        }
        return v;
    }

    static String channel(String channel) {
        return switch (channel) {
            case "zalo" -> "Zalo";
            case "messenger" -> "Messenger";
            default -> "Trang web";
        };
    }

    /** The reply box's line: whether and how the reply can go now. */
    static String window(ReplyWindow w) {
        if (!w.allowed()) {
            return "Hiện không gửi được tin cho người dân trên kênh này: họ nhắn lần cuối đã quá thời hạn nền tảng cho phép.";
        }
        String until = w.until() == null ? "" : " (đến " + ConsolePages.shown(w.until()) + ")";
        return switch (w.mode() == null ? "" : w.mode()) {
            case ReplyWindow.NORMAL -> "Gửi bình thường trên Messenger" + until + ".";
            case ReplyWindow.HUMAN_AGENT_TAG -> "Quá 24 giờ: gửi kèm nhãn HUMAN_AGENT, chỉ cho nội dung cán bộ tự viết" + until + ".";
            case ReplyWindow.ZALO_FREE -> "Gửi tin tư vấn Zalo miễn phí" + until + ".";
            case ReplyWindow.ZALO_BILLABLE -> "Quá 48 giờ: tin tư vấn Zalo vẫn gửi được nhưng Official Account bị tính phí" + until + ".";
            case ReplyWindow.WEB -> "Gửi vào khung chat trên trang web; người dân thấy khi mở lại trang.";
            default -> "Có thể gửi.";
        };
    }
}
