package vn.friendlygov.conversation.handoff;

import jakarta.inject.Singleton;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.template.TemplateNamespace;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * {@code {{h.…}}} in replies.yml: when the resident can expect an official ({@code when}), and what
 * an official answering from Zalo is told ({@code target}, {@code reason}).
 */
@Singleton
public class HandoffTexts implements TemplateNamespace {
    @Override
    public String name() {
        return "h";
    }

    @Override
    public Set<String> fields() {
        return Set.of("when", "target", "reason");
    }

    /**
     * "trong giờ làm việc hôm nay" when the office is open now, else the next opening:
     * "trong giờ làm việc, từ 7 giờ 30 sáng thứ Hai 7/12" (holidays and the lunch break skipped).
     */
    static String when(OfficeHours hours, Instant now) {
        ZonedDateTime t = now.atZone(OfficeHours.ZONE).withSecond(0).withNano(0);
        ZonedDateTime open = hours.addWorkingHours(t, Duration.ofMinutes(1)).minusMinutes(1);
        if (!open.isAfter(t)) {
            return "trong giờ làm việc hôm nay";
        }
        String clock = open.getHour() + " giờ" + (open.getMinute() == 0 ? "" : " " + String.format("%02d", open.getMinute()));
        String part = open.getHour() < 11 ? "sáng" : open.getHour() < 13 ? "trưa" : "chiều";
        if (open.toLocalDate().equals(t.toLocalDate())) {
            return "trong giờ làm việc, từ " + clock + " " + part + " nay";
        }
        return "trong giờ làm việc, từ " + clock + " " + part + " " + dayName(open.getDayOfWeek()) + " "
                + open.getDayOfMonth() + "/" + open.getMonthValue();
    }

    static String dayName(DayOfWeek d) {
        return switch (d) {
            case MONDAY -> "thứ Hai";
            case TUESDAY -> "thứ Ba";
            case WEDNESDAY -> "thứ Tư";
            case THURSDAY -> "thứ Năm";
            case FRIDAY -> "thứ Sáu";
            case SATURDAY -> "thứ Bảy";
            case SUNDAY -> "Chủ nhật";
        };
    }
}
