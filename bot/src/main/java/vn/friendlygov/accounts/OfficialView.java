package vn.friendlygov.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/** An account as the API shows it: never any password material, only whether a password is set. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record OfficialView(String username, String fullName, @Nullable String title, @Nullable String unit, String role,
                           List<String> fields, @Nullable String team, boolean onDuty, @Nullable String zaloUserId,
                           @Nullable String messengerPsid, @Nullable String email, boolean active, boolean passwordSet,
                           boolean mustChangePassword, String createdAt) {
}
