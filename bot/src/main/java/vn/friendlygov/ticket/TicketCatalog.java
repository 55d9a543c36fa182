package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.unit.Unit;

import java.time.LocalTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Categories with their default deadlines ({@code tickets.categories}), per-unit overrides
 * ({@code units.<code>.ticket-deadlines}) and per-unit office hours ({@code units.<code>.working-hours}).
 * Configuration errors fail start-up.
 */
@Singleton
public class TicketCatalog {
    public static final String OTHER = "khac";

    public record Category(String code, String name, Deadline deadline) {
    }

    private final Map<String, Category> categories = new LinkedHashMap<>();
    private final Map<String, Map<String, Deadline>> unitDeadlines = new HashMap<>();
    private final Map<String, OfficeHours> unitHours = new HashMap<>();
    private final OfficeHours defaultHours;
    private final TicketSettings settings;
    private final HolidayCalendar calendar;
    private final CategoryClassifier classifier;

    public TicketCatalog(TicketSettings settings, Collection<UnitTicketProperties> units, HolidayCalendar calendar) {
        this.settings = settings;
        this.calendar = calendar;
        for (Map<String, String> c : settings.getCategories()) {
            String code = c.get("code");
            categories.put(code, new Category(code, c.get("name"), Deadline.parse(c.get("deadline"))));
        }
        this.classifier = new CategoryClassifier(settings.getCategories());
        if (!categories.containsKey(OTHER)) {
            throw new IllegalStateException("tickets.categories must include the category '" + OTHER + "'");
        }
        this.defaultHours = OfficeHours.standard(calendar).withCutOff(settings.getCutOff());
        for (UnitTicketProperties u : units) {
            Map<String, Deadline> overrides = new HashMap<>();
            for (Map<String, String> d : u.getTicketDeadlines()) {
                if (!categories.containsKey(d.get("category"))) {
                    throw new IllegalStateException("units." + u.getCode() + ".ticket-deadlines: unknown category " + d.get("category"));
                }
                overrides.put(d.get("category"), Deadline.parse(d.get("deadline")));
            }
            unitDeadlines.put(u.getCode(), overrides);
            unitHours.put(u.getCode(), officeHours(u.getWorkingHours(), calendar));
        }
    }

    private OfficeHours officeHours(UnitTicketProperties.WorkingHours h, HolidayCalendar calendar) {
        if (h.getMorning() == null && h.getAfternoon() == null && h.getCutOff() == null) {
            return defaultHours;
        }
        LocalTime[] morning = session(h.getMorning(), "07:30-11:30");
        LocalTime[] afternoon = session(h.getAfternoon(), "13:30-17:00");
        LocalTime cutOff = h.getCutOff() == null ? settings.getCutOff() : LocalTime.parse(h.getCutOff().strip());
        return new OfficeHours(calendar, morning[0], morning[1], afternoon[0], afternoon[1], cutOff);
    }

    private static LocalTime[] session(String text, String fallback) {
        String[] parts = (text == null ? fallback : text).split("-");
        return new LocalTime[]{LocalTime.parse(parts[0].strip()), LocalTime.parse(parts[1].strip())};
    }

    public Collection<Category> categories() {
        return categories.values();
    }

    public Optional<Category> category(String code) {
        return Optional.ofNullable(categories.get(code));
    }

    public String name(String code) {
        return category(code).map(Category::name).orElse(code);
    }

    /** The category of a complaint's text ({@link CategoryClassifier}); "khac" when no keyword matches. */
    public String classify(String text) {
        return classifier.classify(text);
    }

    /** The deadline for a case: the law's for khiếu nại / tố cáo, else the unit's or the category's. */
    public Deadline deadline(Unit unit, String category, TicketKind kind) {
        if (kind == TicketKind.KHIEU_NAI) {
            return Deadline.parse(settings.getKhieuNaiDeadline());
        }
        if (kind == TicketKind.TO_CAO) {
            return Deadline.parse(settings.getToCaoDeadline());
        }
        Deadline override = unitDeadlines.getOrDefault(unit.code(), Map.of()).get(category);
        return override != null ? override : category(category).orElseThrow().deadline();
    }

    public Deadline forwardDeadline() {
        return Deadline.parse(settings.getForwardDeadline());
    }

    /** The unit's office hours and cut-off (standard hours with tickets.cut-off when not configured). */
    public OfficeHours officeHours(Unit unit) {
        return unitHours.getOrDefault(unit.code(), defaultHours);
    }

    static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** A deadline counted across a year whose official holiday schedule is not loaded (API.md: "provisional"). */
    public boolean provisional(Instant from, Instant due) {
        return from != null && due != null && calendar.isProvisional(LocalDate.ofInstant(from, OfficeHours.ZONE),
                LocalDate.ofInstant(due, OfficeHours.ZONE));
    }
}
