package vn.friendlygov.broadcast;

import jakarta.inject.Singleton;
import vn.friendlygov.calendar.HolidayCalendar;
import vn.friendlygov.calendar.LunarCalendar;
import vn.friendlygov.calendar.OfficeHours;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The holidays of the coming twelve months with a suggested greeting: Tết Dương lịch, Tết Nguyên Đán
 * (lunar 1/1 from {@link LunarCalendar}; its days off from the loaded official schedule), 30/4 – 1/5,
 * Quốc khánh 2/9 and Ngày Văn hóa Việt Nam 24/11. The suggested time is 19:00 the evening before
 * (Zalo broadcasts may go 06:00–21:59).
 */
@Singleton
public class CampaignProposals {
    private final HolidayCalendar holidays;
    private final LunarCalendar lunar;
    private final Clock clock;

    public CampaignProposals(HolidayCalendar holidays, LunarCalendar lunar, Clock clock) {
        this.holidays = holidays;
        this.lunar = lunar;
        this.clock = clock;
    }

    public List<Map<String, Object>> upcoming() {
        LocalDate today = clock.instant().atZone(OfficeHours.ZONE).toLocalDate();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int year = today.getYear(); year <= today.getYear() + 1; year++) {
            add(out, today, "Tết Dương lịch " + year, LocalDate.of(year, 1, 1), "tet-duong-lich", Map.of("year", Integer.toString(year)));
            LocalDate tet = lunar.toSolar(1, 1, year, false);
            String yearName = LunarCalendar.yearName(year);
            Map<String, Object> p = add(out, today, "Tết Nguyên Đán " + yearName, tet, "tet-nguyen-dan",
                    Map.of("yearName", yearName, "year", Integer.toString(year)));
            if (p != null) {
                p.put("scheduleLoaded", holidays.isScheduleLoaded(year));
                p.put("daysOff", holidays.daysOff(year).entrySet().stream()
                        .filter(e -> e.getValue().startsWith("Tết Nguyên") && Math.abs(e.getKey().toEpochDay() - tet.toEpochDay()) <= 15)
                        .map(e -> e.getKey().toString()).toList());
            }
            add(out, today, "Ngày Giải phóng miền Nam 30/4 và Quốc tế Lao động 1/5", LocalDate.of(year, 4, 30), "30-4", Map.of());
            add(out, today, "Quốc khánh 2/9", LocalDate.of(year, 9, 2), "quoc-khanh", Map.of());
            add(out, today, "Ngày Văn hóa Việt Nam 24/11", LocalDate.of(year, 11, 24), "van-hoa-24-11", Map.of());
        }
        out.sort(Comparator.comparing(m -> (String) m.get("date")));
        return out;
    }

    private static Map<String, Object> add(List<Map<String, Object>> out, LocalDate today, String holiday, LocalDate date,
                                           String template, Map<String, String> variables) {
        if (date.isBefore(today) || date.isAfter(today.plusYears(1))) {
            return null;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("holiday", holiday);
        p.put("date", date.toString());
        p.put("template", template);
        LocalDate eve = date.minusDays(1).isBefore(today) ? today : date.minusDays(1);
        p.put("suggestedScheduledAt", OfficeHours.iso(eve.atTime(19, 0).atZone(OfficeHours.ZONE).toInstant()));
        Map<String, String> vars = new LinkedHashMap<>(variables);
        vars.put("holiday", holiday);
        vars.put("date", date.getDayOfMonth() + "/" + date.getMonthValue() + "/" + date.getYear());
        p.put("variables", vars);
        out.add(p);
        return p;
    }
}
