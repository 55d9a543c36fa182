package vn.friendlygov.notify;

/** Why an official is notified. */
public enum NotificationKind {
    /** A case was assigned to them (new, or reassigned). */
    NEW_CASE,
    /** A conversation waits for an official (human handoff). */
    WAITING_CONVERSATION,
    /** A case's deadline is near. */
    REMINDER,
    /** A case (or a waiting conversation) is overdue and comes to a leader. */
    ESCALATION,
    /** A resident was not satisfied with the answer. */
    DISSATISFIED,
    /** The weekly figures for leaders. */
    DIGEST
}
