package vn.friendlygov.calendar;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed astronomically from the published
 * rules (Hồ Ngọc Đức, "Thuật toán tính âm lịch"), with the formulas of Jean Meeus,
 * "Astronomical Algorithms" (2nd ed.): new moons from chapter 49, the sun's apparent
 * longitude from chapter 25. Written from the description, not from his code.
 *
 * <p>The rules, all evaluated in local civil days at {@link #utcOffsetHours()}:
 * <ol>
 *   <li>a month begins on the day that contains a new moon;</li>
 *   <li>month 11 is the month that contains the winter solstice (sun at 270°);</li>
 *   <li>if 13 months lie between two months 11, the first of them (after month 11) without a
 *       major solar term (sun crossing a multiple of 30°) is the leap month and repeats the
 *       number of the month before it.</li>
 * </ol>
 * Vietnam has used UTC+7 since 1968; China uses UTC+8, which is why Tết sometimes differs.
 */
@Singleton
public class LunarCalendar {

    /** A lunar date; {@code year} is the lunar year, i.e. the solar year in which its Tết falls. */
    public record LunarDate(int day, int month, int year, boolean leapMonth) {
    }

    private static final double SYNODIC_MONTH = 29.530588861;
    /** Julian day number of 1970-01-01, to go from Julian days to {@link LocalDate#toEpochDay()}. */
    private static final long JDN_EPOCH = 2440588;
    private static final String[] STEMS = {"Canh", "Tân", "Nhâm", "Quý", "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ"};
    private static final String[] BRANCHES = {"Thân", "Dậu", "Tuất", "Hợi", "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi"};

    private final double utcOffsetHours;
    /** Computed sui (month 11 to month 11) by the solar year in which they end; small, cleared if it grows. */
    private final Map<Integer, Sui> cache = new ConcurrentHashMap<>();

    /** Vietnam: UTC+7. */
    @Inject
    public LunarCalendar() {
        this(7);
    }

    /** Another time zone, e.g. 8 to reproduce the Chinese calendar in tests. */
    public LunarCalendar(double utcOffsetHours) {
        this.utcOffsetHours = utcOffsetHours;
    }

    public double utcOffsetHours() {
        return utcOffsetHours;
    }

    public LunarDate toLunar(LocalDate solar) {
        long day = solar.toEpochDay();
        Sui sui = sui(solar.getYear());
        if (day >= sui.monthStarts[sui.monthStarts.length - 1]) {
            sui = sui(solar.getYear() + 1);
        }
        for (int i = sui.monthStarts.length - 2; i >= 0; i--) {
            if (day >= sui.monthStarts[i]) {
                return new LunarDate((int) (day - sui.monthStarts[i]) + 1, sui.months[i], sui.years[i], i == sui.leapIndex);
            }
        }
        throw new IllegalStateException("date outside its own sui: " + solar);
    }

    /** @throws IllegalArgumentException if that month (e.g. a leap month) or day does not exist */
    public LocalDate toSolar(int day, int month, int year, boolean leapMonth) {
        if (month < 1 || month > 12 || day < 1 || day > 30) {
            throw new IllegalArgumentException("no such lunar date: " + day + "/" + month + "/" + year);
        }
        // Months 11 and 12 of lunar year Y lie in the sui that ends in solar year Y + 1.
        Sui sui = sui(month >= 11 ? year + 1 : year);
        for (int i = 0; i < sui.months.length; i++) {
            if (sui.months[i] == month && sui.years[i] == year && (i == sui.leapIndex) == leapMonth) {
                if (day > sui.monthStarts[i + 1] - sui.monthStarts[i]) {
                    break;
                }
                return LocalDate.ofEpochDay(sui.monthStarts[i] + day - 1);
            }
        }
        throw new IllegalArgumentException("no such lunar date: " + day + "/" + month + (leapMonth ? " (nhuận)" : "") + "/" + year);
    }

    /** The sexagenary (can chi) name of a lunar year, e.g. 2026 → "Bính Ngọ". */
    public static String yearName(int lunarYear) {
        return STEMS[Math.floorMod(lunarYear, 10)] + " " + BRANCHES[Math.floorMod(lunarYear, 12)];
    }

    // ---- the months between two winter solstices ----

    /**
     * The months from month 11 of lunar year Y-1 up to (not including) month 11 of year Y.
     * monthStarts has one more entry than months: the start of the next month 11.
     */
    private record Sui(long[] monthStarts, int[] months, int[] years, int leapIndex) {
    }

    private Sui sui(int solarYear) {
        Sui sui = cache.get(solarYear);
        if (sui == null) {
            sui = computeSui(solarYear);
            if (cache.size() > 1000) {
                cache.clear(); // only reached by callers sweeping centuries
            }
            cache.put(solarYear, sui);
        }
        return sui;
    }

    private Sui computeSui(int solarYear) {
        int kStart = month11Lunation(solarYear - 1);
        int count = month11Lunation(solarYear) - kStart; // 12, or 13 in a leap year
        long[] starts = new long[count + 1];
        for (int i = 0; i <= count; i++) {
            starts[i] = newMoonDay(kStart + i);
        }
        int leap = -1;
        if (count == 13) {
            for (int i = 1; i < count && leap < 0; i++) {
                if (majorTermSector(starts[i]) == majorTermSector(starts[i + 1])) {
                    leap = i; // no major term between the start of month i and the next
                }
            }
            if (leap < 0) {
                throw new IllegalStateException("13 months but none without a major term in " + solarYear);
            }
        }
        int[] months = new int[count];
        int[] years = new int[count];
        int month = 11;
        int year = solarYear - 1;
        for (int i = 0; i < count; i++) {
            if (i > 0 && i != leap) {
                month = month % 12 + 1;
                if (month == 1) {
                    year = solarYear;
                }
            }
            months[i] = month;
            years[i] = year;
        }
        return new Sui(starts, months, years, leap);
    }

    /** The lunation number (Meeus's k) of the month that contains the winter solstice of a solar year. */
    private int month11Lunation(int solarYear) {
        long dec31 = LocalDate.of(solarYear, 12, 31).toEpochDay();
        int k = (int) Math.floor((dec31 + JDN_EPOCH - 2451550.1) / SYNODIC_MONTH);
        while (newMoonDay(k) > dec31) {
            k--;
        }
        // k is now the last month that begins on or before 31/12. If the sun has already
        // passed 270° when it begins, the solstice fell in the month before.
        return majorTermSector(newMoonDay(k)) >= 9 ? k - 1 : k;
    }

    /** The sun's longitude at the local midnight that starts this day, in 30° sectors (0..11). */
    private int majorTermSector(long epochDay) {
        double jdUt = epochDay + JDN_EPOCH - 0.5 - utcOffsetHours / 24;
        return (int) Math.floor(sunLongitude(jdUt + deltaT(jdUt)) / 30);
    }

    /** The local civil day (epoch day) that contains new moon number k. */
    private long newMoonDay(int k) {
        double jde = newMoon(k);
        double jdLocal = jde - deltaT(jde) + utcOffsetHours / 24;
        return (long) Math.floor(jdLocal + 0.5) - JDN_EPOCH;
    }

    // ---- astronomy (Meeus) ----

    /** Meeus ch. 49: the instant (JDE, dynamical time) of new moon k; k = 0 is 2000-01-06. */
    static double newMoon(int k) {
        double t = k / 1236.85;
        double t2 = t * t;
        double t3 = t2 * t;
        double jde = 2451550.09766 + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t2 * t2;
        double e = 1 - 0.002516 * t - 0.0000074 * t2;
        double m = rad(2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3);
        double mp = rad(201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t2 * t2);
        double f = rad(160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t2 * t2);
        double om = rad(124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3);
        jde += -0.40720 * Math.sin(mp)
                + 0.17241 * e * Math.sin(m)
                + 0.01608 * Math.sin(2 * mp)
                + 0.01039 * Math.sin(2 * f)
                + 0.00739 * e * Math.sin(mp - m)
                - 0.00514 * e * Math.sin(mp + m)
                + 0.00208 * e * e * Math.sin(2 * m)
                - 0.00111 * Math.sin(mp - 2 * f)
                - 0.00057 * Math.sin(mp + 2 * f)
                + 0.00056 * e * Math.sin(2 * mp + m)
                - 0.00042 * Math.sin(3 * mp)
                + 0.00042 * e * Math.sin(m + 2 * f)
                + 0.00038 * e * Math.sin(m - 2 * f)
                - 0.00024 * e * Math.sin(2 * mp - m)
                - 0.00017 * Math.sin(om)
                - 0.00007 * Math.sin(mp + 2 * m)
                + 0.00004 * Math.sin(2 * mp - 2 * f)
                + 0.00004 * Math.sin(3 * m)
                + 0.00003 * Math.sin(mp + m - 2 * f)
                + 0.00003 * Math.sin(2 * mp + 2 * f)
                - 0.00003 * Math.sin(mp + m + 2 * f)
                + 0.00003 * Math.sin(mp - m + 2 * f)
                - 0.00002 * Math.sin(mp - m - 2 * f)
                - 0.00002 * Math.sin(3 * mp + m)
                + 0.00002 * Math.sin(4 * mp);
        // Planetary arguments: {coefficient, A at k = 0, rate per lunation}.
        double[][] planetary = {
                {0.000325, 299.77, 0.107408}, {0.000165, 251.88, 0.016321}, {0.000164, 251.83, 26.651886},
                {0.000126, 349.42, 36.412478}, {0.000110, 84.66, 18.206239}, {0.000062, 141.74, 53.303771},
                {0.000060, 207.14, 2.453732}, {0.000056, 154.84, 7.306860}, {0.000047, 34.52, 27.261239},
                {0.000042, 207.19, 0.121824}, {0.000040, 291.34, 1.844379}, {0.000037, 161.72, 24.198154},
                {0.000035, 239.56, 25.513099}, {0.000023, 331.55, 3.592518}};
        for (int i = 0; i < planetary.length; i++) {
            double a = planetary[i][1] + planetary[i][2] * k - (i == 0 ? 0.009173 * t2 : 0);
            jde += planetary[i][0] * Math.sin(rad(a));
        }
        return jde;
    }

    /** Meeus ch. 25 (low accuracy, about 0.01°): the sun's apparent longitude in degrees, 0..360. */
    static double sunLongitude(double jde) {
        double t = (jde - 2451545.0) / 36525;
        double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
        double m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
        double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * Math.sin(m)
                + (0.019993 - 0.000101 * t) * Math.sin(2 * m)
                + 0.000289 * Math.sin(3 * m);
        double omega = rad(125.04 - 1934.136 * t);
        double apparent = l0 + c - 0.00569 - 0.00478 * Math.sin(omega);
        return apparent - 360 * Math.floor(apparent / 360);
    }

    /**
     * ΔT = TT − UT in days: the Morrison–Stephenson parabola, -20 + 32u² seconds with u in
     * centuries from 1820. It is within about a minute of the measured and predicted values
     * over 1900–2100, which only matters for a new moon or solar term a minute from midnight.
     */
    static double deltaT(double jd) {
        double u = ((jd - 2451545.0) / 365.25 + 2000 - 1820) / 100;
        return (-20 + 32 * u * u) / 86400;
    }

    private static double rad(double degrees) {
        return Math.toRadians(degrees % 360);
    }
}
