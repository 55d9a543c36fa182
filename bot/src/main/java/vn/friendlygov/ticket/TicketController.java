package vn.friendlygov.ticket;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
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
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static vn.friendlygov.calendar.OfficeHours.iso;

/**
 * The officials' ticket API (API.md): list, detail, reply, and the moves a case needs (status,
 * assign). OFFICIAL sees cases assigned to them and cases of their fields (their team), LEADER
 * every case of their unit, ADMIN all units.
 */
@Controller("/api/v1/tickets")
@Secured({Official.OFFICIAL, Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class TicketController {
    private static final Pattern CODE = Pattern.compile("PA-\\d{4}-\\d{6}");
    private static final int MAX_TEXT = 4000;
    private static final int DEFAULT_PAGE_SIZE = 50;
    private static final int MAX_PAGE_SIZE = 200;

    @Serdeable
    public record ReplyRequest(@Nullable String text) {
    }

    @Serdeable
    public record StatusRequest(@Nullable String status, @Nullable String reason, @Nullable String forwardTo) {
    }

    @Serdeable
    public record AssignRequest(@Nullable String assignee) {
    }

    private final TicketRepository tickets;
    private final TicketService service;
    private final TicketCatalog catalog;
    private final OfficialRepository officials;
    private final UnitRepository units;
    private final Clock clock;
    private final OutboxRepository outbox;

    public TicketController(TicketRepository tickets, TicketService service, TicketCatalog catalog,
                            OfficialRepository officials, UnitRepository units, Clock clock, OutboxRepository outbox) {
        this.outbox = outbox;
        this.tickets = tickets;
        this.service = service;
        this.catalog = catalog;
        this.officials = officials;
        this.units = units;
        this.clock = clock;
    }

    /** Newest first, {@code size} cases from {@code page} (0-based; 50 unless said, at most {@link #MAX_PAGE_SIZE}). */
    @Get("{?status,assignee,overdue,unit,page,size}")
    public List<TicketView> list(Authentication auth, @Nullable @QueryValue String status, @Nullable @QueryValue String assignee,
                                 @Nullable @QueryValue Boolean overdue, @Nullable @QueryValue String unit,
                                 @Nullable @QueryValue Integer page, @Nullable @QueryValue Integer size) {
        int p = page == null ? 0 : page;
        int n = size == null ? DEFAULT_PAGE_SIZE : size;
        if (p < 0 || n < 1 || n > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("page phải từ 0 trở lên, size từ 1 đến " + MAX_PAGE_SIZE + ".");
        }
        Official me = me(auth);
        Instant now = clock.instant();
        Stream<Ticket> all;
        if (CurrentOfficial.allUnits(me)) {
            all = unit == null ? stream(tickets.findAll()) : tickets.findByUnitIdOrderByCreatedAtDesc(unitId(unit)).stream();
        } else {
            all = tickets.findByUnitIdOrderByCreatedAtDesc(me.unitId()).stream();
        }
        Stream<Ticket> visible = all.filter(t -> canSee(me, t));
        if (status != null && !status.isBlank()) {
            TicketStatus s = parseStatus(status);
            visible = visible.filter(t -> t.statusValue() == s);
        }
        if (assignee != null && !assignee.isBlank()) {
            Long id = officials.findByUsername(assignee.strip()).map(Official::id).orElse(-1L);
            visible = visible.filter(t -> id.equals(t.getAssigneeId()));
        }
        if (overdue != null) {
            visible = visible.filter(t -> service.overdue(t, now) == overdue);
        }
        return visible.sorted(Comparator.comparing(Ticket::getCreatedAt).thenComparing(Ticket::getId).reversed())
                .skip((long) p * n).limit(n).map(t -> view(t, now)).toList();
    }

    @Get("/{code}{?unit}")
    public TicketView get(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit) {
        return view(find(me(auth), code, unit), clock.instant());
    }

    @Post("/{code}/reply{?unit}")
    public TicketView reply(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                            @Body ReplyRequest body) {
        Official me = me(auth);
        String text = body.text() == null ? "" : body.text().strip();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            throw ApiException.badRequest("text phải có 1–" + MAX_TEXT + " ký tự.");
        }
        Instant now = clock.instant();
        return view(service.reply(find(me, code, unit), me, text, now), now);
    }

    @Post("/{code}/status{?unit}")
    public TicketView status(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                             @Body StatusRequest body) {
        Official me = me(auth);
        if (body.status() == null) {
            throw ApiException.badRequest("Thiếu status (IN_PROGRESS, REJECTED hoặc CLOSED).");
        }
        Instant now = clock.instant();
        return view(service.changeStatus(find(me, code, unit), me, parseStatus(body.status()), body.reason(),
                body.forwardTo(), now), now);
    }

    @Post("/{code}/assign{?unit}")
    public TicketView assign(Authentication auth, @PathVariable String code, @Nullable @QueryValue String unit,
                             @Body AssignRequest body) {
        Official me = me(auth);
        if (body.assignee() == null || body.assignee().isBlank()) {
            throw ApiException.badRequest("Thiếu assignee (tên đăng nhập của cán bộ).");
        }
        Official assignee = officials.findByUsername(body.assignee().strip())
                .orElseThrow(() -> ApiException.badRequest("Không có cán bộ '" + body.assignee().strip() + "'."));
        Instant now = clock.instant();
        return view(service.assign(find(me, code, unit), me, assignee, now), now);
    }

    private Ticket find(Official me, String code, @Nullable String unit) {
        String normalized = code.strip().toUpperCase(Locale.ROOT);
        if (!CODE.matcher(normalized).matches()) {
            throw ApiException.badRequest("Mã phản ánh có dạng PA-<năm>-<6 chữ số>, ví dụ PA-2026-000123.");
        }
        Optional<Ticket> t;
        if (!CurrentOfficial.allUnits(me)) {   // an ADMIN confined to a unit sees that unit only
            t = tickets.findByUnitIdAndCode(me.unitId(), normalized);
        } else if (unit != null) {
            t = tickets.findByUnitIdAndCode(unitId(unit), normalized);
        } else {
            List<Ticket> found = tickets.findByCode(normalized);
            if (found.size() > 1) {
                throw ApiException.badRequest("Nhiều đơn vị có mã " + normalized + ": thêm ?unit=<mã đơn vị>.");
            }
            t = found.stream().findFirst();
        }
        return t.filter(x -> canSee(me, x))
                .orElseThrow(() -> ApiException.notFound("Không có phản ánh " + normalized + " trong phạm vi của anh/chị."));
    }

    private boolean canSee(Official me, Ticket t) {
        return switch (me.role()) {
            case Official.ADMIN -> CurrentOfficial.allUnits(me) || t.getUnitId().equals(me.unitId());
            case Official.LEADER -> t.getUnitId().equals(me.unitId());
            default -> t.getUnitId().equals(me.unitId()) && (me.id().equals(t.getAssigneeId())
                    || TicketCatalog.split(me.fields()).contains(t.getCategory()));
        };
    }

    private Official me(Authentication auth) {
        Object id = auth.getAttributes().get("officialId");
        Official me = id instanceof Number n ? officials.findById(n.longValue()).orElse(null) : null;
        if (me == null || !me.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản không còn hiệu lực.");
        }
        if (!Official.ADMIN.equals(me.role()) && me.unitId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản chưa gắn với đơn vị nào.");
        }
        return me;
    }

    private long unitId(String code) {
        return units.findByCode(code).map(Unit::id).orElseThrow(() -> ApiException.badRequest("Không có đơn vị '" + code + "'."));
    }

    private static TicketStatus parseStatus(String s) {
        try {
            return TicketStatus.valueOf(s.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status phải là một trong NEW, ASSIGNED, IN_PROGRESS, ANSWERED, CLOSED, REJECTED.");
        }
    }

    private static <T> Stream<T> stream(Iterable<T> it) {
        return java.util.stream.StreamSupport.stream(it.spliterator(), false);
    }

    private TicketView view(Ticket t, Instant now) {
        Optional<Official> assignee = t.getAssigneeId() == null ? Optional.empty() : officials.findById(t.getAssigneeId());
        List<TicketView.Event> events = service.events(t).stream().map(e -> new TicketView.Event(e.type(), e.fromStatus(),
                e.toStatus(), e.actor(), e.note(), iso(e.createdAt()))).toList();
        return new TicketView(t.getCode(), units.findById(t.getUnitId()).map(Unit::code).orElse(""), t.getStatus(),
                t.getKind(), t.getCategory(), catalog.name(t.getCategory()), t.getArea(), TicketTexts.summary(t.getDescription()),
                t.getDescription(), t.getDepartment(), assignee.map(Official::username).orElse(null),
                assignee.map(Official::fullName).orElse(null), t.getPhone(), t.getPhotoUrl(), t.getLatitude(), t.getLongitude(),
                t.getChannel(), iso(t.getCreatedAt()), iso(t.getDueAt()), service.overdue(t, now),
                catalog.provisional(t.getCreatedAt(), t.getDueAt()) ? Boolean.TRUE : null, t.getAnswer(),
                iso(t.getAnsweredAt()), t.getRating(), t.getRatingComment(), t.isFlagged(), t.getReason(), t.getForwardedTo(),
                events, deliveries(t));
    }

    /** The case's messages; a long one (several rows, "#n" parts) shows once, with its least happy outcome. */
    private List<TicketView.Delivery> deliveries(Ticket t) {
        java.util.LinkedHashMap<String, OutboxRow> byMessage = new java.util.LinkedHashMap<>();
        for (OutboxRow r : outbox.findByTicketIdOrderById(t.getId())) {
            String key = r.dedupeKey().replaceFirst("#\\d+$", "");
            byMessage.merge(key, r, (a, b) -> rank(b.status()) > rank(a.status()) ? b : a);
        }
        return byMessage.values().stream().map(r -> new TicketView.Delivery(r.purpose(), r.audience(), r.channel(), r.status(),
                OutboxRow.SENT.equals(r.status()) || OutboxRow.PENDING.equals(r.status()) ? null : r.reasonCode(),
                iso(OutboxRow.SENT.equals(r.status()) ? r.sentAt() : r.finishedAt() != null ? r.finishedAt() : r.createdAt())))
                .toList();
    }

    private static int rank(String status) {
        return switch (status) {
            case OutboxRow.FAILED -> 3;
            case OutboxRow.SKIPPED -> 2;
            case OutboxRow.PENDING -> 1;
            default -> 0;
        };
    }
}
