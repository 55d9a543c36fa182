package vn.friendlygov.calendar;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.LocalDate;
import java.time.Month;
import java.util.Optional;

/**
 * The government announces next year's Tết and Quốc khánh days in September–October. From October on,
 * a missing schedule for next year is logged as a warning (at start-up and daily), so that an operator
 * adds it before deadlines that run into January are computed on the statutory guess.
 */
@Singleton
public class ScheduleWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ScheduleWatch.class);

    private final HolidayCalendar calendar;
    private final Clock clock;

    public ScheduleWatch(HolidayCalendar calendar, Clock clock) {
        this.calendar = calendar;
        this.clock = clock;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        check();
    }

    @Scheduled(fixedDelay = "24h", initialDelay = "24h")
    void daily() {
        check();
    }

    /** Logs the warning when it applies; returns it (for tests). */
    public Optional<String> check() {
        Optional<String> warning = warning(LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE));
        warning.ifPresent(LOG::warn);
        return warning;
    }

    /** The console's banner for administrators, in Vietnamese, while {@link #warning} applies. */
    public Optional<String> banner() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE);
        return warning(today).map(w -> "Chưa có lịch nghỉ lễ, Tết năm " + (today.getYear() + 1) + " của cơ quan nhà nước: hạn xử lý "
                + "rơi vào năm " + (today.getYear() + 1) + " đang tạm tính theo ngày lễ luật định. Khi Chính phủ công bố, "
                + "nhập lịch tại Quản trị → Lịch nghỉ lễ.");
    }

    Optional<String> warning(LocalDate today) {
        int next = today.getYear() + 1;
        if (today.getMonth().compareTo(Month.OCTOBER) < 0 || calendar.isScheduleLoaded(next)) {
            return Optional.empty();
        }
        return Optional.of("The official holiday schedule for " + next + " is not loaded (" + HolidayCalendar.SCHEDULE_RESOURCE
                + " or the console's holiday schedule): deadlines in " + next + " use only the statutory days and are marked provisional. Add the Tết and "
                + "Quốc khánh days once the government announces them.");
    }
}
