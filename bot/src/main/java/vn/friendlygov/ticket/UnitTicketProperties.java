package vn.friendlygov.ticket;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;
import java.util.Map;

/**
 * The complaint settings of one unit in {@code units.<code>}: office hours for deadlines,
 * deadline overrides per category, and the officials and routing rules seeded into the database.
 */
@EachProperty("units")
public class UnitTicketProperties {
    private final String code;
    private WorkingHours workingHours = new WorkingHours();
    private List<Map<String, String>> ticketDeadlines = List.of();
    private List<Map<String, String>> officials = List.of();
    private List<Map<String, String>> ticketRouting = List.of();

    public UnitTicketProperties(@Parameter String code) {
        this.code = code;
    }

    public String getCode() { return code; }
    public WorkingHours getWorkingHours() { return workingHours; }
    public void setWorkingHours(WorkingHours workingHours) { this.workingHours = workingHours; }
    public List<Map<String, String>> getTicketDeadlines() { return ticketDeadlines; }
    public void setTicketDeadlines(List<Map<String, String>> ticketDeadlines) { this.ticketDeadlines = ticketDeadlines; }
    public List<Map<String, String>> getOfficials() { return officials; }
    public void setOfficials(List<Map<String, String>> officials) { this.officials = officials; }
    public List<Map<String, String>> getTicketRouting() { return ticketRouting; }
    public void setTicketRouting(List<Map<String, String>> ticketRouting) { this.ticketRouting = ticketRouting; }

    /** "07:30-11:30", "13:30-17:00", "15:00"; empty values fall back to the standard hours. */
    @ConfigurationProperties("working-hours")
    public static class WorkingHours {
        private String morning;
        private String afternoon;
        private String cutOff;

        public String getMorning() { return morning; }
        public void setMorning(String morning) { this.morning = morning; }
        public String getAfternoon() { return afternoon; }
        public void setAfternoon(String afternoon) { this.afternoon = afternoon; }
        public String getCutOff() { return cutOff; }
        public void setCutOff(String cutOff) { this.cutOff = cutOff; }
    }
}
