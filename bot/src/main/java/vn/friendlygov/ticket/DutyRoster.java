package vn.friendlygov.ticket;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.calendar.OfficeHours;

import java.sql.Date;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;

/** Who is on today's duty roster of a unit (table duty_roster, edited in the console). */
@Singleton
public class DutyRoster {
    private final JdbcOperations jdbc;
    private final Clock clock;

    public DutyRoster(JdbcOperations jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Set<Long> onDutyToday(long unitId) {
        return onDuty(unitId, LocalDate.ofInstant(clock.instant(), OfficeHours.ZONE));
    }

    @Transactional
    public Set<Long> onDuty(long unitId, LocalDate day) {
        return jdbc.prepareStatement("SELECT official_id FROM duty_roster WHERE unit_id = ? AND on_date = ?", ps -> {
            ps.setLong(1, unitId);
            ps.setDate(2, Date.valueOf(day));
            Set<Long> ids = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        });
    }
}
