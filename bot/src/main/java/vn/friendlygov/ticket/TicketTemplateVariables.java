package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import vn.friendlygov.template.TemplateNamespace;

import java.util.Set;

/** {@code {{t.…}}}: a case's values ({@link TicketTexts#values}, and the chat's confirmation step). */
@Singleton
public class TicketTemplateVariables implements TemplateNamespace {
    static final Set<String> FIELDS = Set.of("code", "kindLabel", "categoryName", "area", "summary", "description",
            "department", "assigneeName", "dueText", "createdDate", "statusLabel", "answer", "reason", "forwardedTo",
            // only in tickets.confirm (TicketFlow)
            "photo", "phone");

    /** Unqualified values: limits in tickets.yml, the resident's case list, the leaders' digest. */
    static final Set<String> PLAIN = Set.of("max", "items", "code", "statusLabel", "dueText",
            "from", "to", "created", "resolved", "onTimeRate", "overdue", "satisfactionRate");

    @Override
    public Set<String> plainNames() {
        return PLAIN;
    }

    @Override
    public String name() {
        return "t";
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }
}
