package vn.friendlygov.calendar;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * One unit's office hours: a morning and an afternoon session on working days, and a daily
 * cut-off after which a file counts as received on the next working day (e.g. 15:00 for hộ
 * tịch and chứng thực). All results are in Asia/Ho_Chi_Minh.
 */
public final class OfficeHours {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** A time as the API shows it (API.md): ISO-8601 to the second with the +07:00 offset ("2026-12-31T19:00:00+07:00"). */
    public static String iso(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(ZONE).toOffsetDateTime().truncatedTo(ChronoUnit.SECONDS));
    }

    private final HolidayCalendar calendar;
    private final LocalTime morningStart;
    private final LocalTime morningEnd;
    private final LocalTime afternoonStart;
    private final LocalTime afternoonEnd;
    private final LocalTime cutOff;

    public OfficeHours(HolidayCalendar calendar, LocalTime morningStart, LocalTime morningEnd,
                       LocalTime afternoonStart, LocalTime afternoonEnd, LocalTime cutOff) {
        if (!(morningStart.isBefore(morningEnd) && !morningEnd.isAfter(afternoonStart)
                && afternoonStart.isBefore(afternoonEnd))) {
            throw new IllegalArgumentException("office sessions out of order: " + morningStart + "–" + morningEnd
                    + ", " + afternoonStart + "–" + afternoonEnd);
        }
        this.calendar = calendar;
        this.morningStart = morningStart;
        this.morningEnd = morningEnd;
        this.afternoonStart = afternoonStart;
        this.afternoonEnd = afternoonEnd;
        this.cutOff = cutOff;
    }

    /** 07:30–11:30 and 13:30–17:00, files received after 15:00 count from the next working day. */
    public static OfficeHours standard(HolidayCalendar calendar) {
        return new OfficeHours(calendar, LocalTime.of(7, 30), LocalTime.of(11, 30),
                LocalTime.of(13, 30), LocalTime.of(17, 0), LocalTime.of(15, 0));
    }

    /** The same hours with another cut-off, e.g. 17:00 where the 15:00 rule does not apply. */
    public OfficeHours withCutOff(LocalTime newCutOff) {
        return new OfficeHours(calendar, morningStart, morningEnd, afternoonStart, afternoonEnd, newCutOff);
    }

    /** The day a deadline counts from: the day of receipt, or the next working day if received after the cut-off or on a day off. */
    public LocalDate countingStart(ZonedDateTime receivedAt) {
        LocalDateTime local = receivedAt.withZoneSameInstant(ZONE).toLocalDateTime();
        LocalDate day = local.toLocalDate();
        if (calendar.isWorkingDay(day) && local.toLocalTime().isBefore(cutOff)) {
            return day;
        }
        return calendar.nextWorkingDay(day);
    }

    /** {@code from} plus a number of office hours, skipping the lunch break, nights, weekends and holidays. */
    public ZonedDateTime addWorkingHours(ZonedDateTime from, Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
        LocalDateTime t = from.withZoneSameInstant(ZONE).toLocalDateTime();
        Duration left = duration;
        while (!left.isZero()) {
            LocalDate day = t.toLocalDate();
            LocalTime time = t.toLocalTime();
            if (!calendar.isWorkingDay(day) || !time.isBefore(afternoonEnd)) {
                t = calendar.nextWorkingDay(day).atTime(morningStart);
                continue;
            }
            if (time.isBefore(morningStart)) {
                time = morningStart;
            } else if (!time.isBefore(morningEnd) && time.isBefore(afternoonStart)) {
                time = afternoonStart;
            }
            LocalTime sessionEnd = time.isBefore(morningEnd) ? morningEnd : afternoonEnd;
            Duration available = Duration.between(time, sessionEnd);
            if (left.compareTo(available) <= 0) {
                return day.atTime(time).plus(left).atZone(ZONE);
            }
            left = left.minus(available);
            t = day.atTime(sessionEnd);
        }
        return t.atZone(ZONE);
    }

    /**
     * When a case received at {@code receivedAt} is due.
     * <ul>
     *   <li>WORKING_DAYS: close of office on the {@code amount}-th working day after the
     *       {@link #countingStart} day (that day itself not counted);</li>
     *   <li>DAYS: Bộ luật Dân sự 2015 Điều 147–148: the day of receipt is not counted, and a
     *       last day that is not a working day moves to the next working day; due at close of office;</li>
     *   <li>WORKING_HOURS: {@link #addWorkingHours} from the moment of receipt.</li>
     * </ul>
     * Close of office rather than midnight, so that the office, not the resident, carries the margin.
     */
    public ZonedDateTime dueAt(ZonedDateTime receivedAt, int amount, DeadlineUnit unit) {
        if (amount < 0) {
            throw new IllegalArgumentException("negative deadline: " + amount);
        }
        return switch (unit) {
            case WORKING_DAYS -> calendar.addWorkingDays(countingStart(receivedAt), amount).atTime(afternoonEnd).atZone(ZONE);
            case DAYS -> {
                LocalDate last = receivedAt.withZoneSameInstant(ZONE).toLocalDate().plusDays(amount);
                if (!calendar.isWorkingDay(last)) {
                    last = calendar.nextWorkingDay(last);
                }
                yield last.atTime(afternoonEnd).atZone(ZONE);
            }
            case WORKING_HOURS -> addWorkingHours(receivedAt, Duration.ofHours(amount));
        };
    }
}
