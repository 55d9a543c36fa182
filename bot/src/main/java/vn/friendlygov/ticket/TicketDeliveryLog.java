package vn.friendlygov.ticket;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.Reasons;
import vn.friendlygov.db.JdbcBatch;
import vn.friendlygov.outbox.DeliveryOutcomes;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.OutboxRow;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;

/**
 * Writes what became of each message about a case into the case's history: DELIVERY_SENT,
 * DELIVERY_SKIPPED (a platform rule, with the reason) or DELIVERY_FAILED (the platform's error), so
 * "apology queued" is followed by the truth. A long message's later parts add an event only when
 * they do not arrive.
 */
@Singleton
public class TicketDeliveryLog implements DeliveryOutcomes {
    /**
     * A plain multi-row INSERT: an INSERT … SELECT would take the table's AUTO-INC lock for the whole
     * statement, and MariaDB then failed officials' concurrent event inserts ("Failed to read
     * auto-increment value").
     */
    private static final String INSERT = "INSERT INTO ticket_event (type, actor, note, created_at, ticket_id) VALUES (?, ?, ?, ?, ?)";

    static final Map<String, String> PURPOSES = Map.of(
            "acknowledgement", "Tin xác nhận tiếp nhận",
            "status_update", "Tin cập nhật trạng thái",
            "answer", "Câu trả lời của cán bộ",
            "rating_request", "Tin mời đánh giá",
            "apology", "Thư xin lỗi",
            "letter", "Thư gửi người dân",
            "assignment", "Thông báo giao việc",
            "reminder", "Tin nhắc hạn",
            "escalation", "Thông báo quá hạn cho lãnh đạo",
            "dissatisfaction", "Thông báo người dân chưa hài lòng");

    static final Map<String, String> REASONS = Map.of(
            Reasons.OUTSIDE_24H_WINDOW, "ngoài khung 24 giờ của Messenger",
            Reasons.OUTSIDE_7_DAY_WINDOW, "người nhận không tương tác với OA Zalo trong 7 ngày",
            Reasons.OUTSIDE_HUMAN_AGENT_WINDOW, "quá 7 ngày kể từ tin nhắn cuối của người nhận",
            Reasons.HUMAN_AGENT_NOT_ALLOWED, "ngoài khung 24 giờ, ứng dụng chưa có quyền HUMAN_AGENT",
            Reasons.OPTED_OUT, "người nhận đã từ chối nhận tin",
            Reasons.NOT_FOLLOWER, "người nhận không còn quan tâm OA",
            Reasons.RECIPIENT_UNAVAILABLE, "tài khoản người nhận không nhận được tin",
            Reasons.RATE_LIMITED, "nền tảng giới hạn tốc độ gửi quá thời gian cho phép");

    private final JdbcOperations jdbc;

    public TicketDeliveryLog(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void settled(List<Settled> outcomes) {
        List<Settled> wanted = outcomes.stream()
                .filter(s -> !OutboxRow.SENT.equals(s.status()) || isFirstPart(s.row().dedupeKey())).toList();
        if (wanted.isEmpty()) {
            return;
        }
        // Only for cases that still exist: the foreign key would otherwise fail the whole recorded batch.
        Set<Long> existing = new HashSet<>(jdbc.prepareStatement("SELECT id FROM ticket WHERE id IN ("
                + JdbcBatch.marks(wanted.size()) + ")", ps -> {
            for (int i = 0; i < wanted.size(); i++) {
                ps.setLong(i + 1, wanted.get(i).row().ticketId());
            }
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }));
        List<Settled> logged = wanted.stream().filter(s -> existing.contains(s.row().ticketId())).toList();
        JdbcBatch.run(jdbc, INSERT, logged, (ps, s) -> {
            ps.setString(1, "DELIVERY_" + s.status());
            ps.setString(2, TicketEvent.SYSTEM);
            ps.setString(3, note(s));
            ps.setTimestamp(4, Timestamp.from(s.at()));
            ps.setLong(5, s.row().ticketId());
        });
    }

    private static boolean isFirstPart(String dedupeKey) {
        int hash = dedupeKey.lastIndexOf('#');
        return hash < 0 || dedupeKey.endsWith("#1");
    }

    /** "Thư xin lỗi → người dân (messenger): không gửi — ngoài khung 24 giờ của Messenger (outside_24h_window)". */
    static String note(Settled s) {
        OutboxRow row = s.row();
        String what = PURPOSES.getOrDefault(row.purpose(), "Tin nhắn");
        String to = row.audience() == null || OutboundMessage.About.RESIDENT.equals(row.audience()) ? "người dân"
                : "cán bộ " + row.audience();
        String head = what + " → " + to + " (" + row.channel() + ")";
        return switch (s.status()) {
            case OutboxRow.SENT -> head + ": đã gửi";
            case OutboxRow.SKIPPED -> head + ": không gửi — " + REASONS.getOrDefault(s.code(), "quy định của nền tảng")
                    + " (" + s.code() + ")";
            default -> head + ": gửi không thành công — " + REASONS.getOrDefault(s.code(), "lỗi từ nền tảng") + " (" + s.code() + ")";
        };
    }
}
