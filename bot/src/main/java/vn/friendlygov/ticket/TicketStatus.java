package vn.friendlygov.ticket;

import java.util.Map;
import java.util.Set;

/** NEW → ASSIGNED → IN_PROGRESS → ANSWERED → CLOSED, or REJECTED with a reason. */
public enum TicketStatus {
    NEW("mới tiếp nhận"),
    ASSIGNED("đã giao cán bộ xử lý"),
    IN_PROGRESS("đang xử lý"),
    ANSWERED("đã có kết quả trả lời"),
    CLOSED("đã hoàn thành"),
    REJECTED("không thuộc thẩm quyền / không thụ lý");

    /** Statuses still waiting for the office: the ones that get reminders and escalations. */
    public static final Set<TicketStatus> OPEN = Set.of(NEW, ASSIGNED, IN_PROGRESS);

    private static final Map<TicketStatus, Set<TicketStatus>> NEXT = Map.of(
            NEW, Set.of(ASSIGNED, IN_PROGRESS, ANSWERED, REJECTED),
            ASSIGNED, Set.of(ASSIGNED, IN_PROGRESS, ANSWERED, REJECTED),
            IN_PROGRESS, Set.of(ASSIGNED, ANSWERED, REJECTED),
            ANSWERED, Set.of(ANSWERED, IN_PROGRESS, CLOSED),
            CLOSED, Set.of(),
            REJECTED, Set.of());

    private final String label;

    TicketStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isOpen() {
        return OPEN.contains(this);
    }

    public boolean canMoveTo(TicketStatus next) {
        return NEXT.get(this).contains(next);
    }
}
