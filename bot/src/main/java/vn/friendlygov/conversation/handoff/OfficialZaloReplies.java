package vn.friendlygov.conversation.handoff;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketRepository;
import vn.friendlygov.ticket.TicketService;
import vn.friendlygov.ticket.TicketStatus;
import vn.friendlygov.unit.Unit;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An official registered with a Zalo id who writes to the unit's OA: "#PA-2026-000123 <answer>"
 * answers their case, "#<conversation> <answer>" their conversation — after checking it is theirs.
 * Anything else gets a short help text; an official never talks to the resident bot.
 */
@Singleton
public class OfficialZaloReplies {
    private static final Pattern COMMAND = Pattern.compile("^\\s*#\\s*(PA-\\d{4}-\\d{6}|\\d{1,18})\\s+(.+)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final int MAX_TEXT = 2000;

    private final OfficialRepository officials;
    private final TicketRepository tickets;
    private final TicketService ticketService;
    private final HandoffService handoff;
    private final Clock clock;
    /** unit id → the Zalo ids of its active officials: one query per unit every half minute, not per message. */
    private final Cache<Long, Map<String, Long>> zaloIds = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(30)).build();

    public OfficialZaloReplies(OfficialRepository officials, TicketRepository tickets, TicketService ticketService,
                               HandoffService handoff, Clock clock) {
        this.officials = officials;
        this.tickets = tickets;
        this.ticketService = ticketService;
        this.handoff = handoff;
        this.clock = clock;
    }

    /** The official writing, if {@code senderId} on this channel is one of the unit's officials. */
    public Optional<Official> official(Unit unit, String channel, String senderId) {
        if (!Channels.ZALO.equals(channel)) {
            return Optional.empty();
        }
        Long id = zaloIds.get(unit.id(), u -> officials.findByUnitIdAndActive(u, true).stream()
                .filter(o -> o.zaloUserId() != null && !o.zaloUserId().isBlank())
                .collect(Collectors.toMap(Official::zaloUserId, Official::id, (a, b) -> a))).get(senderId);
        return id == null ? Optional.empty() : officials.findById(id);
    }

    /**
     * The answer to the official's own message, in the caller's (the inbox batch's) transaction. Every
     * refusal is checked here first, without throwing through a transactional call (which would doom
     * the whole batch).
     */
    public Reply handle(Unit unit, Official me, @io.micronaut.core.annotation.Nullable String text) {
        Matcher m = COMMAND.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Reply.of(handoff.render(unit, "replies.official_help", Map.of()));
        }
        String target = m.group(1).toUpperCase(Locale.ROOT);
        String answer = m.group(2).strip();
        String refused = refusal(unit, me, target, answer);
        if (refused != null) {
            return Reply.of(handoff.render(unit, "replies.official_reply_refused", Map.of("reason", refused)));
        }
        if (target.startsWith("PA-")) {
            ticketService.reply(tickets.findByUnitIdAndCode(unit.id(), target).orElseThrow(), me, answer, clock.instant());
            return Reply.of(handoff.render(unit, "replies.official_reply_sent", Map.of("target", "phản ánh " + target)));
        }
        handoff.reply(me, handoff.find(me, Long.parseLong(target)), answer);
        return Reply.of(handoff.render(unit, "replies.official_reply_sent", Map.of("target", "cuộc trò chuyện #" + target)));
    }

    /** Why the answer cannot go, in words for the official, or null when it can. */
    @io.micronaut.core.annotation.Nullable
    private String refusal(Unit unit, Official me, String target, String answer) {
        if (answer.length() > MAX_TEXT) {
            return "nội dung dài quá " + MAX_TEXT + " ký tự.";
        }
        if (target.startsWith("PA-")) {
            Optional<Ticket> t = tickets.findByUnitIdAndCode(unit.id(), target);
            if (t.isEmpty() || !(me.id().equals(t.get().getAssigneeId()) || Official.LEADER.equals(me.role()))) {
                return "phản ánh " + target + " không do anh/chị phụ trách.";
            }
            if (!t.get().statusValue().canMoveTo(TicketStatus.ANSWERED)) {
                return "phản ánh " + target + " đang ở trạng thái " + t.get().getStatus() + ", không trả lời thêm được.";
            }
            return null;
        }
        Optional<Conversation> c = handoff.visible(me, Long.parseLong(target));
        if (c.isEmpty() || !Conversation.WITH_OFFICIAL.equals(c.get().getStatus()) || !me.id().equals(c.get().getAssigneeId())) {
            return "anh/chị chưa nhận cuộc trò chuyện #" + target + " (nhận trong trang quản trị trước khi trả lời).";
        }
        if (!handoff.window(c.get(), clock.instant()).allowed()) {
            return "người dân nhắn lần cuối đã quá lâu, nền tảng không cho phép gửi tin lúc này.";
        }
        return null;
    }

    /** Forgets the cached ids (accounts changed). */
    public void invalidate() {
        zaloIds.invalidateAll();
    }
}
