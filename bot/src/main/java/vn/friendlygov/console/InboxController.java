package vn.friendlygov.console;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.handoff.HandoffService;
import vn.friendlygov.notify.Notification;
import vn.friendlygov.notify.NotificationRepository;
import vn.friendlygov.security.Official;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The inbox ({@code /console}): conversations waiting for an official (oldest first) and held by me,
 * my open cases by deadline (overdue marked), the other open cases in
 * my scope, per-unit figures for leaders, and my notifications (the badge's list).
 */
@Controller("/console")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
public class InboxController {
    private final ConsolePages pages;
    private final ConsoleCases cases;
    private final NotificationRepository notifications;
    private final Clock clock;
    private final HandoffService handoff;

    public InboxController(ConsolePages pages, ConsoleCases cases, NotificationRepository notifications, Clock clock,
                           HandoffService handoff) {
        this.handoff = handoff;
        this.pages = pages;
        this.cases = cases;
        this.notifications = notifications;
        this.clock = clock;
    }

    @Get(produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> inbox(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Hộp việc");
        m.put("waiting", handoff.list(me, Conversation.WAITING_FOR_OFFICIAL).stream()
                .map(c -> ConversationPageController.Row.of(c, me, null)).toList());
        m.put("held", handoff.list(me, Conversation.WITH_OFFICIAL).stream().filter(c -> me.id().equals(c.getAssigneeId()))
                .map(c -> ConversationPageController.Row.of(c, me, me.fullName())).toList());
        m.put("mine", cases.mine(me));
        m.put("others", cases.othersInScope(me));
        m.put("units", Official.OFFICIAL.equals(me.role()) ? List.of() : cases.perUnit(me));
        m.put("notifications", notifications.page(me.id(), 10, 0).stream().map(NotificationRow::of).toList());
        return HttpResponse.ok(ConsolePages.view("console/inbox", m));
    }

    @Get(value = "/notifications", produces = MediaType.TEXT_HTML)
    public MutableHttpResponse<?> notifications(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Thông báo");
        m.put("notifications", notifications.page(me.id(), 100, 0).stream().map(NotificationRow::of).toList());
        return HttpResponse.ok(ConsolePages.view("console/notifications", m));
    }

    @Post(value = "/notifications/read", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    public MutableHttpResponse<?> markAllRead(Authentication auth, @Body Map<String, String> form) {
        Official me = pages.me(auth);
        notifications.markAllRead(me.id(), clock.instant());
        return ConsolePages.redirect("/console/notifications", "read");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    /** A notification as listed: the link only when it is a console path (it is ours; never an outside URL). */
    public record NotificationRow(String kind, String subject, String body, String link, String at, boolean unread) {
        static NotificationRow of(Notification n) {
            String link = n.link() != null && n.link().startsWith("/console/") ? n.link() : null;
            return new NotificationRow(n.kind(), n.subject(), n.body(), link, ConsolePages.shown(n.createdAt()), n.readAt() == null);
        }
    }
}
