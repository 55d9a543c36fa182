package vn.friendlygov.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A row of sign_in_lock (V8); read and written through {@link SignInLockRepository}'s statements. */
@MappedEntity("sign_in_lock")
public record SignInLock(@Id String subject, int failures, Instant windowStart, @Nullable Instant lockedUntil,
                         Instant updatedAt) {
}
