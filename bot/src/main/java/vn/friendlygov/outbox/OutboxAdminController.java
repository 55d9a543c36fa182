package vn.friendlygov.outbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.model.Page;
import io.micronaut.data.model.Pageable;
import io.micronaut.data.model.Sort;
import io.micronaut.http.HttpStatus;
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
import io.micronaut.transaction.annotation.Transactional;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static vn.friendlygov.calendar.OfficeHours.iso;

/**
 * Undelivered messages for administrators (API.md, Operations): {@code GET /api/v1/admin/outbox
 * ?status=FAILED|SKIPPED&unit=&page=&size=} lists them newest first with their reasons (an ADMIN or
 * LEADER confined to a unit sees only that unit's); {@code POST /api/v1/admin/outbox/{id}/retry}
 * (ADMIN) queues a FAILED message again with a fresh retry budget: 409 for any other status, 404
 * for an unknown id or another unit's row.
 */
@Controller("/api/v1/admin/outbox")
@Secured({Official.ADMIN, Official.LEADER})
@ExecuteOn(TaskExecutors.BLOCKING)
public class OutboxAdminController {
    private static final int MAX_SIZE = 200;
    private static final int TEXT_PREVIEW = 300;

    @Serdeable
    public record Item(long id, String unit, String channel, String recipient, String kind, @Nullable String ticket,
                       @Nullable String purpose, @Nullable String to, String status, @Nullable String reason,
                       @Nullable String detail, int attempts, String text, String createdAt, @Nullable String at) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)   // {"items":[]} when nothing is undelivered
    public record Listing(List<Item> items, int page, int size, long total) {
    }

    @Serdeable
    public record Retried(long id, String status) {
    }

    private final OutboxRepository rows;
    private final OutboxStore store;
    private final Outbox outbox;
    private final OutboxDispatcher dispatcher;
    private final UnitRepository units;
    private final TicketRepository tickets;
    private final OfficialRepository officials;
    private final Clock clock;
    private final AuditLog audit;

    public OutboxAdminController(OutboxRepository rows, OutboxStore store, Outbox outbox, OutboxDispatcher dispatcher,
                                 UnitRepository units, TicketRepository tickets, OfficialRepository officials, Clock clock,
                                 AuditLog audit) {
        this.audit = audit;
        this.rows = rows;
        this.store = store;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.units = units;
        this.tickets = tickets;
        this.officials = officials;
        this.clock = clock;
    }

    @Get("{?status,unit,page,size}")
    public Listing list(Authentication auth, @Nullable @QueryValue String status, @Nullable @QueryValue String unit,
                        @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        Official me = me(auth);
        Set<String> statuses = statuses(status);
        int p = page == null ? 0 : page;
        int n = size == null ? 50 : size;
        if (p < 0 || n < 1 || n > MAX_SIZE) {
            throw ApiException.badRequest("page phải ≥ 0, size từ 1 đến " + MAX_SIZE + ".");
        }
        Long unitId = unit == null || unit.isBlank() ? null
                : units.findByCode(unit.strip()).map(Unit::id).orElseThrow(() -> ApiException.notFound("Không có đơn vị '" + unit.strip() + "'."));
        if (me.unitId() != null) {
            if (unitId != null && !unitId.equals(me.unitId())) {
                throw ApiException.notFound("Không có đơn vị '" + unit.strip() + "' trong phạm vi của anh/chị.");
            }
            unitId = me.unitId();
        } else if (!Official.ADMIN.equals(me.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản chưa gắn với đơn vị nào.");
        }
        Pageable pageable = Pageable.from(p, n, Sort.of(Sort.Order.desc("id")));
        Page<OutboxRow> found = unitId == null ? rows.findByStatusIn(statuses, pageable)
                : rows.findByStatusInAndUnitId(statuses, unitId, pageable);
        Map<Long, String> unitCodes = new HashMap<>();
        Map<Long, String> ticketCodes = new HashMap<>();
        List<Item> items = found.getContent().stream().map(r -> item(r,
                unitCodes.computeIfAbsent(r.unitId(), id -> units.findById(id).map(Unit::code).orElse("")),
                r.ticketId() == null ? null : ticketCodes.computeIfAbsent(r.ticketId(),
                        id -> tickets.findById(id).map(Ticket::getCode).orElse(null)))).toList();
        return new Listing(items, p, n, found.getTotalSize());
    }

    @Post("/{id}/retry")
    @Secured(Official.ADMIN)
    @Transactional
    public Retried retry(Authentication auth, @PathVariable long id) {
        Official me = me(auth);
        OutboxRow row = rows.findById(id).filter(r -> me.unitId() == null || me.unitId().equals(r.unitId()))
                .orElseThrow(() -> ApiException.notFound("Không có tin nhắn " + id + " trong hàng đợi gửi."));
        if (store.requeueFailed(id, clock.instant()) == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "not_failed",
                    "Chỉ gửi lại được tin nhắn đã thất bại (FAILED); tin nhắn " + id + " đang ở trạng thái " + row.status() + ".");
        }
        audit.record(me.username(), row.unitId(), "outbox.retry", "outbox#" + id, audit.json("status", row.status(),
                "reason", row.reasonCode()), audit.json("status", OutboxRow.PENDING));
        dispatcher.wakeUp();
        return new Retried(id, OutboxRow.PENDING);
    }

    private Item item(OutboxRow r, String unitCode, @Nullable String ticketCode) {
        String text;
        try {
            text = outbox.body(r).text();
        } catch (RuntimeException e) {
            text = "";
        }
        if (text == null) {
            text = "";
        }
        if (text.length() > TEXT_PREVIEW) {
            text = text.substring(0, TEXT_PREVIEW - 1) + "…";
        }
        return new Item(r.id(), unitCode, r.channel(), r.recipientId(), r.kind(), ticketCode, r.purpose(), r.audience(),
                r.status(), r.reasonCode(), r.failureReason(), r.attempts(), text, iso(r.createdAt()), iso(r.finishedAt()));
    }

    private static Set<String> statuses(@Nullable String status) {
        if (status == null || status.isBlank()) {
            return Set.of(OutboxRow.FAILED, OutboxRow.SKIPPED);
        }
        String s = status.strip().toUpperCase(Locale.ROOT);
        if (!s.equals(OutboxRow.FAILED) && !s.equals(OutboxRow.SKIPPED)) {
            throw ApiException.badRequest("status phải là FAILED hoặc SKIPPED.");
        }
        return Set.of(s);
    }

    private Official me(Authentication auth) {
        Object id = auth.getAttributes().get("officialId");
        Official me = id instanceof Number n ? officials.findById(n.longValue()).orElse(null) : null;
        if (me == null || !me.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản không còn hiệu lực.");
        }
        return me;
    }
}
