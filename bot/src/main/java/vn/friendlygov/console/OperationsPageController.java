package vn.friendlygov.console;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.annotation.Transactional;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.admin.UnitAdminService;
import vn.friendlygov.admin.UnitView;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.zalo.ChannelToken;
import vn.friendlygov.channel.zalo.ChannelTokenRepository;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.outbox.OutboxAdminController;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What keeps the bot running, for administrators: the knowledge base ({@code /console/admin/knowledge}:
 * entries, last reload, last error, reload, the residents' questions officials proposed for it — a
 * LEADER sees their unit's proposals) and channel health ({@code /console/admin/channels}: token state
 * and refresh failures, the last webhook per channel, the outbox's waiting, skipped and failed
 * messages, failed ones sent again through the outbox API's retry).
 */
@Controller("/console/admin")
@Secured({Official.LEADER, Official.ADMIN})
@ExecuteOn(TaskExecutors.BLOCKING)
public class OperationsPageController {
    public record Suggestion(String unit, String question, String proposedBy, String at) {
    }

    public record ChannelRow(String code, String name, String messenger, String messengerToken, String messengerLast,
                             String zalo, String zaloToken, String zaloLast, long waiting, long skipped, long failed) {
    }

    private final ConsolePages pages;
    private final KnowledgeService knowledge;
    private final JdbcOperations jdbc;
    private final UnitRepository units;
    private final UnitAdminService unitAdmin;
    private final ChannelTokenRepository tokens;
    private final OutboxAdminController outbox;

    public OperationsPageController(ConsolePages pages, KnowledgeService knowledge, JdbcOperations jdbc, UnitRepository units,
                                    UnitAdminService unitAdmin, ChannelTokenRepository tokens, OutboxAdminController outbox) {
        this.pages = pages;
        this.knowledge = knowledge;
        this.jdbc = jdbc;
        this.units = units;
        this.unitAdmin = unitAdmin;
        this.tokens = tokens;
        this.outbox = outbox;
    }

    @Get(value = "/knowledge", produces = MediaType.TEXT_HTML)
    @Transactional(readOnly = true)
    public MutableHttpResponse<?> knowledge(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Kho tri thức");
        KnowledgeService.Status s = knowledge.status();
        m.put("entries", s.entries());
        m.put("topics", s.outOfScopeTopics());
        m.put("loadedAt", ConsolePages.shown(s.loadedAt()));
        m.put("lastError", s.lastError());
        m.put("lastErrorAt", ConsolePages.shown(s.lastErrorAt()));
        m.put("suggestions", suggestions(me));
        m.put("reloadError", null);
        return HttpResponse.ok(ConsolePages.view("console/knowledge", m));
    }

    @Post(value = "/knowledge/reload", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Official.ADMIN)
    public MutableHttpResponse<?> reload(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        knowledge.reloadBy(me.username());
        return ConsolePages.redirect("/console/admin/knowledge", "reloaded");
    }

    @Get(value = "/channels", produces = MediaType.TEXT_HTML)
    @Secured(Official.ADMIN)
    @Transactional(readOnly = true)
    public MutableHttpResponse<?> channels(HttpRequest<?> request, Authentication auth) {
        Official me = pages.me(auth);
        Map<String, Object> m = pages.model(request, auth, me, "Tình trạng kênh");
        List<ChannelRow> rows = new ArrayList<>();
        for (UnitView v : unitAdmin.list(me)) {
            Unit u = units.findByCode(v.code()).orElseThrow();
            Optional<ChannelToken> t = tokens.find(u.id(), Channels.ZALO);
            String zaloToken = t.isEmpty() || t.get().accessToken() == null ? "chưa có mã"
                    : t.get().refreshFailed() ? "làm mới thất bại: " + Optional.ofNullable(t.get().failureReason()).orElse("")
                    : "hoạt động" + (t.get().expiresAt() == null ? "" : ", hết hạn " + ConsolePages.shown(t.get().expiresAt()));
            Map<String, Long> counts = outboxCounts(u.id());
            rows.add(new ChannelRow(v.code(), v.name(), Optional.ofNullable(v.messengerPageId()).orElse("chưa gắn"),
                    secret(v.secrets().get("messengerPageAccessToken")), lastWebhook(u.id(), Channels.MESSENGER),
                    Optional.ofNullable(v.zaloOaId()).orElse("chưa gắn"), zaloToken, lastWebhook(u.id(), Channels.ZALO),
                    counts.getOrDefault(OutboxRow.PENDING, 0L), counts.getOrDefault(OutboxRow.SKIPPED, 0L),
                    counts.getOrDefault(OutboxRow.FAILED, 0L)));
        }
        m.put("rows", rows);
        m.put("failed", outbox.list(auth, OutboxRow.FAILED, null, 0, 50).items());
        m.put("skipped", outbox.list(auth, OutboxRow.SKIPPED, null, 0, 20).items());
        return HttpResponse.ok(ConsolePages.view("console/channels", m));
    }

    @Post(value = "/channels/outbox/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED)
    @Secured(Official.ADMIN)
    public MutableHttpResponse<?> retry(HttpRequest<?> request, Authentication auth, @PathVariable long id) {
        outbox.retry(auth, id);
        return ConsolePages.redirect("/console/admin/channels", "retried");
    }

    @Error(exception = ApiException.class)
    public MutableHttpResponse<?> error(HttpRequest<?> request, ApiException e) {
        return pages.error(request, e);
    }

    private static String secret(@Nullable String state) {
        return switch (state == null ? "none" : state) {
            case "console" -> "đặt trên bảng điều khiển";
            case "configuration" -> "từ cấu hình";
            default -> "chưa có mã";
        };
    }

    /** The newest stored webhook event of a unit's channel (walks the received_at index from the end). */
    private String lastWebhook(long unitId, String channel) {
        Instant at = jdbc.prepareStatement("SELECT received_at FROM inbox_event WHERE unit_id = ? AND channel = ? "
                + "ORDER BY received_at DESC LIMIT 1", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, channel);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        });
        return at == null ? "chưa nhận" : ConsolePages.shown(at);
    }

    private Map<String, Long> outboxCounts(long unitId) {
        return jdbc.prepareStatement("SELECT status, COUNT(*) FROM outbox WHERE unit_id = ? AND status IN (?, ?, ?) GROUP BY status", ps -> {
            ps.setLong(1, unitId);
            ps.setString(2, OutboxRow.PENDING);
            ps.setString(3, OutboxRow.SKIPPED);
            ps.setString(4, OutboxRow.FAILED);
            Map<String, Long> out = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    private List<Suggestion> suggestions(Official me) {
        boolean all = CurrentOfficial.allUnits(me);
        return jdbc.prepareStatement("SELECT u.code, s.question, s.proposed_by, s.created_at FROM kb_suggestion s "
                + "JOIN unit u ON u.id = s.unit_id" + (all ? "" : " WHERE s.unit_id = ?") + " ORDER BY s.id DESC LIMIT 200", ps -> {
            if (!all) {
                ps.setLong(1, me.unitId());
            }
            List<Suggestion> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Suggestion(rs.getString(1), rs.getString(2), rs.getString(3),
                            ConsolePages.shown(rs.getTimestamp(4).toInstant())));
                }
            }
            return out;
        });
    }
}
