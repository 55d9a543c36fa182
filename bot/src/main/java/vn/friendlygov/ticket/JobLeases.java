package vn.friendlygov.ticket;

import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Takes and gives back named database leases (each call commits on its own, before the work starts). */
@Singleton
public class JobLeases {
    private final JobLeaseRepository leases;
    private final Clock clock;

    public JobLeases(JobLeaseRepository leases, Clock clock) {
        this.leases = leases;
        this.clock = clock;
    }

    public boolean acquire(String name, String owner, Duration ttl) {
        Instant now = clock.instant();
        leases.create(name, Instant.EPOCH);
        return leases.take(name, owner, now, now.plus(ttl)) == 1;
    }

    public void release(String name, String owner) {
        leases.release(name, owner, clock.instant());
    }
}
