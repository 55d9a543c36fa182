package vn.friendlygov.ticket;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;

/** The {@code tickets:} section of application.yml: deadlines, follow-up delays and limits. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("tickets")
public class TicketSettings {
    @NotNull
    private LocalTime cutOff = LocalTime.of(15, 0);
    @Min(0)
    private int reminderLeadWorkingDays = 1;
    private Escalation escalation = new Escalation();
    @Min(1)
    private int maxNewPerResidentPerDay = 3;
    /**
     * A web-chat resident can start a new conversation for every case, so cases are also limited per
     * client address (several households may share one address behind a carrier's NAT) and per unit,
     * each case notifying an official.
     */
    @Min(1)
    private int maxNewPerAddressPerDay = 10;
    @Min(1)
    private int maxNewPerUnitPerDay = 100;
    @Min(100)
    private int maxDescriptionChars = 600;
    private String khieuNaiDeadline = "10 DAYS";
    private String toCaoDeadline = "7 WORKING_DAYS";
    private String forwardDeadline = "5 WORKING_DAYS";
    private Scheduler scheduler = new Scheduler();
    private Digest digest = new Digest();
    private List<Map<String, String>> categories = List.of();

    public LocalTime getCutOff() { return cutOff; }
    public void setCutOff(LocalTime cutOff) { this.cutOff = cutOff; }
    public int getReminderLeadWorkingDays() { return reminderLeadWorkingDays; }
    public void setReminderLeadWorkingDays(int reminderLeadWorkingDays) { this.reminderLeadWorkingDays = reminderLeadWorkingDays; }
    public Escalation getEscalation() { return escalation; }
    public void setEscalation(Escalation escalation) { this.escalation = escalation; }
    public int getMaxNewPerResidentPerDay() { return maxNewPerResidentPerDay; }
    public void setMaxNewPerResidentPerDay(int maxNewPerResidentPerDay) { this.maxNewPerResidentPerDay = maxNewPerResidentPerDay; }
    public int getMaxNewPerAddressPerDay() { return maxNewPerAddressPerDay; }
    public void setMaxNewPerAddressPerDay(int maxNewPerAddressPerDay) { this.maxNewPerAddressPerDay = maxNewPerAddressPerDay; }
    public int getMaxNewPerUnitPerDay() { return maxNewPerUnitPerDay; }
    public void setMaxNewPerUnitPerDay(int maxNewPerUnitPerDay) { this.maxNewPerUnitPerDay = maxNewPerUnitPerDay; }
    public int getMaxDescriptionChars() { return maxDescriptionChars; }
    public void setMaxDescriptionChars(int maxDescriptionChars) { this.maxDescriptionChars = maxDescriptionChars; }
    public String getKhieuNaiDeadline() { return khieuNaiDeadline; }
    public void setKhieuNaiDeadline(String khieuNaiDeadline) { this.khieuNaiDeadline = khieuNaiDeadline; }
    public String getToCaoDeadline() { return toCaoDeadline; }
    public void setToCaoDeadline(String toCaoDeadline) { this.toCaoDeadline = toCaoDeadline; }
    public String getForwardDeadline() { return forwardDeadline; }
    public void setForwardDeadline(String forwardDeadline) { this.forwardDeadline = forwardDeadline; }
    public Scheduler getScheduler() { return scheduler; }
    public void setScheduler(Scheduler scheduler) { this.scheduler = scheduler; }
    public Digest getDigest() { return digest; }
    public void setDigest(Digest digest) { this.digest = digest; }
    public List<Map<String, String>> getCategories() { return categories; }
    public void setCategories(List<Map<String, String>> categories) { this.categories = categories; }

    @ConfigurationProperties("escalation")
    public static class Escalation {
        private int leaderAfterWorkingDays = 0;
        private int chairmanAfterWorkingDays = 2;

        public int getLeaderAfterWorkingDays() { return leaderAfterWorkingDays; }
        public void setLeaderAfterWorkingDays(int v) { this.leaderAfterWorkingDays = v; }
        public int getChairmanAfterWorkingDays() { return chairmanAfterWorkingDays; }
        public void setChairmanAfterWorkingDays(int v) { this.chairmanAfterWorkingDays = v; }
    }

    @ConfigurationProperties("scheduler")
    public static class Scheduler {
        private boolean enabled = true;
        private Duration lease = Duration.ofMinutes(10);
        /** How often the follow-up jobs (reminders, escalation, apologies, digest) run. */
        private Duration interval = Duration.ofMinutes(1);

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public Duration getInterval() { return interval; }
        public void setInterval(Duration interval) { this.interval = interval; }
        public Duration getLease() { return lease; }
        public void setLease(Duration lease) { this.lease = lease; }
    }

    @ConfigurationProperties("digest")
    public static class Digest {
        private DayOfWeek dayOfWeek = DayOfWeek.MONDAY;
        private LocalTime time = LocalTime.of(7, 30);

        public DayOfWeek getDayOfWeek() { return dayOfWeek; }
        public void setDayOfWeek(DayOfWeek dayOfWeek) { this.dayOfWeek = dayOfWeek; }
        public LocalTime getTime() { return time; }
        public void setTime(LocalTime time) { this.time = time; }
    }
}
