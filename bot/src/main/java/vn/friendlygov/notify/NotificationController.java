package vn.friendlygov.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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
import vn.friendlygov.security.Official;

import java.time.Clock;
import java.util.List;

import static vn.friendlygov.calendar.OfficeHours.iso;

/**
 * The signed-in official's notifications (the console's badge and list):
 * {@code GET /api/v1/notifications?unread=true&page=0&size=20} →
 * {@code {"unread": n, "total": n, "page", "size", "items": [{"id","kind","subject","text","link","at","read"}]}},
 * newest first; {@code POST /api/v1/notifications/{id}/read} and {@code POST /api/v1/notifications/read-all} → 204.
 * Someone else's notification does not exist (404).
 */
@Controller("/api/v1/notifications")
@Secured({Official.OFFICIAL, Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class NotificationController {
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(long id, String kind, String subject, String text, @Nullable String link, String at, boolean read) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record PageView(long unread, long total, int page, int size, List<Item> items) {
    }

    private final NotificationRepository notifications;
    private final CurrentOfficial current;
    private final Clock clock;

    public NotificationController(NotificationRepository notifications, CurrentOfficial current, Clock clock) {
        this.notifications = notifications;
        this.current = current;
        this.clock = clock;
    }

    @Get("{?unread,page,size}")
    public PageView list(Authentication auth, @Nullable @QueryValue Boolean unread, @Nullable @QueryValue Integer page,
                         @Nullable @QueryValue Integer size) {
        Official me = current.of(auth);
        int p = page == null ? 0 : page;
        int s = size == null ? 20 : size;
        if (p < 0 || s < 1 || s > 100) {
            throw ApiException.badRequest("page phải từ 0 trở lên, size từ 1 đến 100.");
        }
        boolean onlyUnread = Boolean.TRUE.equals(unread);
        List<Notification> rows = onlyUnread ? notifications.unreadPage(me.id(), s, (long) p * s)
                : notifications.page(me.id(), s, (long) p * s);
        long unreadCount = notifications.countByOfficialIdAndReadAtIsNull(me.id());
        long total = onlyUnread ? unreadCount : notifications.countByOfficialId(me.id());
        return new PageView(unreadCount, total, p, s, rows.stream().map(NotificationController::item).toList());
    }

    @Post("/{id}/read")
    public HttpResponse<Void> read(Authentication auth, @PathVariable long id) {
        Official me = current.of(auth);
        if (notifications.findByIdAndOfficialId(id, me.id()).isEmpty()) {
            throw ApiException.notFound("Không có thông báo này.");
        }
        notifications.markRead(id, me.id(), clock.instant());
        return HttpResponse.noContent();
    }

    @Post("/read-all")
    public HttpResponse<Void> readAll(Authentication auth) {
        notifications.markAllRead(current.of(auth).id(), clock.instant());
        return HttpResponse.noContent();
    }

    private static Item item(Notification n) {
        return new Item(n.id(), n.kind(), n.subject(), n.body(), n.link(), iso(n.createdAt()), n.readAt() != null);
    }
}
