package vn.friendlygov.calendar;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Working days of Vietnamese state offices: Monday to Friday, minus public holidays.
 *
 * <p>Holidays follow Bộ luật Lao động 2019 Điều 112: 1/1, Tết Nguyên đán (5 days), Giỗ Tổ
 * Hùng Vương (10/3 âm lịch), 30/4, 1/5, 2/9 plus an adjacent day, and from 2026 Ngày Văn hóa Việt
 * Nam (24/11, Nghị quyết 28/2026/QH16). A holiday of Điều 112 on a weekend gives the next working
 * day off (Điều 111 khoản 3); 24/11 is not in Điều 112, so no day in lieu is assumed for it (first
 * met in 2029, on a Saturday: the year's schedule decides). On top of that, the government's yearly
 * schedule for officials ({@value #SCHEDULE_RESOURCE}) decides the Tết and Quốc khánh blocks
 * and the Saturdays worked in exchange; without a schedule for a year, Tết is the last day of
 * the lunar year plus mùng 1–4 and the adjacent Quốc khánh day is 1/9.
 */
@Singleton
public class HolidayCalendar {

    public static final String SCHEDULE_RESOURCE = "calendar/schedule.yml";
    /** Ngày Văn hóa Việt Nam: Nghị quyết 28/2026/QH16 Điều 2, in force 01/07/2026, first observed 24/11/2026. */
    static final int CULTURE_DAY_FROM = 2026;

    /** One year of the official schedule. */
    public record YearSchedule(Map<LocalDate, String> daysOff, Set<LocalDate> makeUpWorkingDays) {
    }

    private final LunarCalendar lunar;
    /** The schedule file's years. */
    private final Map<Integer, YearSchedule> fromFile;
    /** The file's years merged with those entered in the console ({@link #merge}). */
    private volatile Map<Integer, YearSchedule> schedules;
    private final Map<Integer, YearSchedule> years = new ConcurrentHashMap<>();

    @Inject
    public HolidayCalendar(LunarCalendar lunar) {
        this(lunar, loadSchedule());
    }

    public HolidayCalendar(LunarCalendar lunar, Map<Integer, YearSchedule> schedules) {
        this.lunar = lunar;
        this.fromFile = Map.copyOf(schedules);
        this.schedules = this.fromFile;
    }

    /**
     * Adds the days entered in the console ({@code holiday_schedule_day}) to the file's schedule: a
     * year the file lacks becomes loaded; in a year the file has, they add days (the file's name of a
     * day wins). Deadlines computed from now on use the merged calendar.
     */
    public synchronized void merge(Map<Integer, YearSchedule> entered) {
        Map<Integer, YearSchedule> merged = new HashMap<>(fromFile);
        entered.forEach((year, e) -> merged.merge(year, e, (file, more) -> {
            Map<LocalDate, String> off = new HashMap<>(more.daysOff());
            off.putAll(file.daysOff());
            Set<LocalDate> makeUp = new HashSet<>(file.makeUpWorkingDays());
            makeUp.addAll(more.makeUpWorkingDays());
            return new YearSchedule(Map.copyOf(off), Set.copyOf(makeUp));
        }));
        schedules = Map.copyOf(merged);
        years.clear();
    }

    /** The years whose official schedule is loaded (file or console), in order. */
    public SortedSet<Integer> loadedYears() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(schedules.keySet()));
    }

    /** Whether the schedule file (not the console) has this year. */
    public boolean inFile(int year) {
        return fromFile.containsKey(year);
    }

    /** The make-up working days (weekend days worked) of a year. */
    public SortedSet<LocalDate> makeUpWorkingDays(int year) {
        return Collections.unmodifiableSortedSet(new TreeSet<>(year(year).makeUpWorkingDays()));
    }

    /** Whether the government's schedule for that year is loaded; without it, dates of that year are provisional. */
    public boolean isScheduleLoaded(int year) {
        return schedules.containsKey(year);
    }

    /**
     * Whether a count of working days from {@code from} to {@code due} crossed a year whose schedule is
     * not loaded (its Tết and Quốc khánh blocks are then only the statutory guess).
     */
    public boolean isProvisional(LocalDate from, LocalDate due) {
        int first = due.isAfter(from) ? from.plusDays(1).getYear() : due.getYear();
        for (int y = first; y <= due.getYear(); y++) {
            if (!isScheduleLoaded(y)) {
                return true;
            }
        }
        return false;
    }

    public boolean isWorkingDay(LocalDate date) {
        YearSchedule year = year(date.getYear());
        return year.makeUpWorkingDays().contains(date)
                || !isWeekend(date) && !year.daysOff().containsKey(date);
    }

    /** Why this date is a day off ("Quốc khánh", "Nghỉ bù Giỗ Tổ Hùng Vương", ...); empty on ordinary days and weekends. */
    public Optional<String> holidayName(LocalDate date) {
        return Optional.ofNullable(year(date.getYear()).daysOff().get(date));
    }

    /** Every holiday, day in lieu and scheduled day off of a year, weekends inside a block included. */
    public SortedMap<LocalDate, String> daysOff(int year) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(year(year).daysOff()));
    }

    /** The first working day after {@code date}. */
    public LocalDate nextWorkingDay(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!isWorkingDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** The date that is {@code days} working days after {@code from}; {@code from} itself is not counted. */
    public LocalDate addWorkingDays(LocalDate from, int days) {
        if (days < 0) {
            throw new IllegalArgumentException("days must not be negative: " + days);
        }
        LocalDate d = from;
        for (int i = 0; i < days; i++) {
            d = nextWorkingDay(d);
        }
        return d;
    }

    private YearSchedule year(int year) {
        return years.computeIfAbsent(year, this::computeYear);
    }

    private YearSchedule computeYear(int year) {
        YearSchedule official = schedules.get(year);
        Map<LocalDate, String> off = new HashMap<>();
        // The statutory days, in date order; the ones on a weekend earn a day in lieu.
        Map<LocalDate, String> statutory = new TreeMap<>();
        statutory.put(LocalDate.of(year, 1, 1), "Tết Dương lịch");
        statutory.put(lunar.toSolar(10, 3, year, false), "Giỗ Tổ Hùng Vương");
        statutory.put(LocalDate.of(year, 4, 30), "Ngày Chiến thắng");
        statutory.put(LocalDate.of(year, 5, 1), "Ngày Quốc tế Lao động");
        statutory.put(LocalDate.of(year, 9, 2), "Quốc khánh");
        if (official == null) {
            LocalDate tet = lunar.toSolar(1, 1, year, false);
            for (int i = -1; i <= 3; i++) {
                statutory.put(tet.plusDays(i), "Tết Nguyên đán");
            }
            statutory.put(LocalDate.of(year, 9, 1), "Quốc khánh");
        } else {
            off.putAll(official.daysOff());
        }
        statutory.forEach(off::putIfAbsent);
        if (year >= CULTURE_DAY_FROM) {
            // Not in Điều 112(1): off, but with no day in lieu unless a schedule lists one.
            off.putIfAbsent(LocalDate.of(year, 11, 24), "Ngày Văn hóa Việt Nam");
        }
        for (Map.Entry<LocalDate, String> holiday : statutory.entrySet()) {
            LocalDate date = holiday.getKey();
            boolean handledBySchedule = official != null && official.daysOff().containsKey(date);
            if (isWeekend(date) && !handledBySchedule) {
                LocalDate inLieu = date.plusDays(1);
                while (isWeekend(inLieu) || off.containsKey(inLieu)) {
                    inLieu = inLieu.plusDays(1);
                }
                off.put(inLieu, "Nghỉ bù " + holiday.getValue());
            }
        }
        Set<LocalDate> makeUp = official == null ? Set.of() : official.makeUpWorkingDays();
        return new YearSchedule(Map.copyOf(off), makeUp);
    }

    public static boolean isWeekend(LocalDate date) {
        return date.getDayOfWeek() == DayOfWeek.SATURDAY || date.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    // ---- the schedule file ----

    static Map<Integer, YearSchedule> loadSchedule() {
        try (InputStream in = HolidayCalendar.class.getClassLoader().getResourceAsStream(SCHEDULE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEDULE_RESOURCE + " is missing from the classpath");
            }
            return parseSchedule(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEDULE_RESOURCE, e);
        }
    }

    /** Parses the schedule format; a mistake in the file stops start-up rather than shifting deadlines. */
    @SuppressWarnings("unchecked")
    static Map<Integer, YearSchedule> parseSchedule(InputStream in) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        Map<Object, Object> yearsNode = root == null ? null : (Map<Object, Object>) root.get("years");
        Map<Integer, YearSchedule> result = new HashMap<>();
        if (yearsNode == null) {
            return result;
        }
        for (Map.Entry<Object, Object> entry : yearsNode.entrySet()) {
            int year = Integer.parseInt(entry.getKey().toString());
            Map<String, Object> node = entry.getValue() == null ? Map.of() : (Map<String, Object>) entry.getValue();
            Map<LocalDate, String> daysOff = new HashMap<>();
            for (Map<String, Object> block : (List<Map<String, Object>>) node.getOrDefault("daysOff", List.of())) {
                LocalDate from = date(block.get("from"), year);
                LocalDate to = block.containsKey("to") ? date(block.get("to"), year) : from;
                Object name = block.get("name");
                if (to.isBefore(from) || name == null || name.toString().isBlank()) {
                    throw new IllegalStateException(SCHEDULE_RESOURCE + ": bad daysOff entry in " + year + ": " + block);
                }
                for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                    daysOff.put(d, name.toString().trim());
                }
            }
            Set<LocalDate> makeUp = new HashSet<>();
            for (Object value : (List<Object>) node.getOrDefault("makeUpWorkingDays", List.of())) {
                LocalDate d = date(value, year);
                if (!isWeekend(d) || daysOff.containsKey(d)) {
                    throw new IllegalStateException(SCHEDULE_RESOURCE + ": make-up working day " + d + " must be a weekend day that is not off");
                }
                makeUp.add(d);
            }
            result.put(year, new YearSchedule(Map.copyOf(daysOff), Set.copyOf(makeUp)));
        }
        return result;
    }

    /** YAML turns an unquoted 2026-01-10 into a java.util.Date at UTC midnight; accept that or a string. */
    private static LocalDate date(Object value, int year) {
        if (value == null) {
            throw new IllegalStateException(SCHEDULE_RESOURCE + ": missing date in " + year);
        }
        LocalDate d = value instanceof Date date
                ? date.toInstant().atZone(ZoneOffset.UTC).toLocalDate()
                : LocalDate.parse(value.toString().trim());
        if (d.getYear() != year) {
            throw new IllegalStateException(SCHEDULE_RESOURCE + ": " + d + " is listed under " + year);
        }
        return d;
    }
}
