package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** Renders this feature's texts (templates/tickets.yml, templates/letters/apology.yml) with a ticket's values. */
@Singleton
public class TicketTexts {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final String[] WEEKDAYS = {"thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật"};

    private final Templates templates;
    private final UnitDirectory units;
    private final TicketCatalog catalog;
    private final OfficialRepository officials;
    private final TicketSettings settings;

    public TicketTexts(Templates templates, UnitDirectory units, TicketCatalog catalog, OfficialRepository officials,
                       TicketSettings settings) {
        this.templates = templates;
        this.units = units;
        this.catalog = catalog;
        this.officials = officials;
        this.settings = settings;
    }

    public String render(String name, Unit unit, Map<String, Object> values) {
        Map<String, Object> context = new HashMap<>(UnitContext.of(unit, units));
        context.putAll(values);
        return templates.render(name, context);
    }

    public String render(String name, Unit unit) {
        return render(name, unit, Map.of());
    }

    /** Renders with {@code t} = the ticket's values. */
    public String render(String name, Unit unit, Ticket t) {
        return render(name, unit, Map.of("t", values(t)));
    }

    public Map<String, Object> values(Ticket t) {
        Map<String, Object> m = new HashMap<>();
        m.put("code", t.getCode());
        m.put("kindLabel", t.kindValue().label());
        m.put("categoryName", catalog.name(t.getCategory()));
        // What the resident typed, as shown back to them (acknowledgement, letters): phone numbers masked.
        m.put("area", t.getArea() == null ? "" : ResidentText.maskPhones(t.getArea()));
        m.put("summary", summary(ResidentText.maskPhones(t.getDescription())));
        m.put("description", chatText(ResidentText.maskPhones(t.getDescription())));
        m.put("department", t.getDepartment() == null ? "" : t.getDepartment());
        m.put("assigneeName", t.getAssigneeId() == null ? "chưa phân công"
                : officials.findById(t.getAssigneeId()).map(Official::fullName).orElse(""));
        m.put("dueText", dateTime(t.getDueAt()));
        m.put("createdDate", date(t.getCreatedAt()));
        m.put("statusLabel", t.statusValue().label());
        m.put("answer", t.getAnswer() == null ? "" : t.getAnswer());
        m.put("reason", t.getReason() == null ? "" : t.getReason());
        m.put("forwardedTo", t.getForwardedTo() == null ? "" : t.getForwardedTo());
        return m;
    }

    /** A description as shown in chat: trimmed to tickets.max-description-chars (the ticket keeps it all). */
    public String chatText(String description) {
        int max = settings.getMaxDescriptionChars();
        return isLong(description) ? description.substring(0, description.offsetByCodePoints(0, max)).strip() + "…" : description;
    }

    public boolean isLong(String description) {
        return description.codePointCount(0, description.length()) > settings.getMaxDescriptionChars();
    }

    public int maxChars() {
        return settings.getMaxDescriptionChars();
    }

    public int maxPerDay() {
        return settings.getMaxNewPerResidentPerDay();
    }

    public static String summary(String description) {
        String oneLine = description.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 119).strip() + "…";
    }

    /** "17:00 thứ Hai, 09/03/2026". */
    public static String dateTime(Instant at) {
        ZonedDateTime z = at.atZone(OfficeHours.ZONE);
        return TIME.format(z) + " " + weekday(z.getDayOfWeek()) + ", " + DATE.format(z);
    }

    public static String date(Instant at) {
        return DATE.format(at.atZone(OfficeHours.ZONE));
    }

    /** "09/03/2026". */
    public static String date(LocalDate day) {
        return DATE.format(day);
    }

    private static String weekday(DayOfWeek d) {
        return WEEKDAYS[d.getValue() - 1];
    }
}
