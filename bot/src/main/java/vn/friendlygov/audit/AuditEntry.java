package vn.friendlygov.audit;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;

/** One line of the audit log: who did what to which target, and the values before and after (short JSON). */
public record AuditEntry(long id, Instant at, String actor, @Nullable Long unitId, String action, String target,
                         @Nullable String before, @Nullable String after) {
}
