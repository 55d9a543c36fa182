package vn.friendlygov.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestExecutorAuthenticationProvider;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** HTTP Basic sign-in for officials, leaders and administrators, checked against the database. */
@Singleton
public class OfficialAuthentication<B> implements HttpRequestExecutorAuthenticationProvider<B> {
    private final OfficialRepository officials;

    public OfficialAuthentication(OfficialRepository officials) {
        this.officials = officials;
    }

    /** Runs on the blocking pool: it reads the database and hashes a password. */
    @Override
    public String getExecutorName() {
        return TaskExecutors.BLOCKING;
    }

    @Override
    public @NonNull AuthenticationResponse authenticate(@Nullable HttpRequest<B> request,
                                                        @NonNull AuthenticationRequest<String, String> auth) {
        var official = officials.findByUsername(auth.getIdentity());
        if (official.isEmpty() || !official.get().active()) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.USER_NOT_FOUND);
        }
        Official o = official.get();
        if (!Passwords.matches(auth.getSecret(), o.passwordHash())) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("officialId", o.id());
        if (o.unitId() != null) {
            attributes.put("unitId", o.unitId());
        }
        if (o.mustChangePassword()) {
            // Set by an administrator: only the change itself is allowed (accounts.PasswordChangeRequired).
            attributes.put("mustChangePassword", true);
        }
        return AuthenticationResponse.success(o.username(), List.of(o.role()), attributes);
    }
}
