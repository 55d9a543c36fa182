package vn.friendlygov.ticket;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

@MappedEntity("job_lease")
public record JobLease(@Id String name, String owner, Instant lockedUntil) {
}
