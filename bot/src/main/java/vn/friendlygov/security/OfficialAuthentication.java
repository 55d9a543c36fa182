package vn.friendlygov.security;

import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.security.authentication.AuthenticationFailureReason;
import io.micronaut.security.authentication.AuthenticationRequest;
import io.micronaut.security.authentication.AuthenticationResponse;
import io.micronaut.security.authentication.provider.HttpRequestReactiveAuthenticationProvider;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * The same {@link SignIn} as an authentication provider, for any Micronaut login flow (e.g. a
 * form login handler); HTTP Basic itself goes through {@link BasicSignInFetcher}.
 */
@Singleton
public class OfficialAuthentication<B> implements HttpRequestReactiveAuthenticationProvider<B> {
    private final SignIn signIn;
    private final HttpClientAddressResolver addresses;

    public OfficialAuthentication(SignIn signIn, HttpClientAddressResolver addresses) {
        this.signIn = signIn;
        this.addresses = addresses;
    }

    @Override
    public @NonNull Publisher<AuthenticationResponse> authenticate(@Nullable HttpRequest<B> request,
                                                                   @NonNull AuthenticationRequest<String, String> auth) {
        String address = request == null ? null : addresses.resolve(request);
        return Publishers.fromCompletableFuture(() -> signIn.attempt(auth.getIdentity(), auth.getSecret(), address)
                .thenApply(OfficialAuthentication::response));
    }

    private static AuthenticationResponse response(SignIn.Result result) {
        if (result instanceof SignIn.Success s) {
            var a = SignIn.authentication(s.official());
            return AuthenticationResponse.success(a.getName(), a.getRoles(), a.getAttributes());
        }
        if (result instanceof SignIn.Locked) {
            return AuthenticationResponse.failure(AuthenticationFailureReason.ACCOUNT_LOCKED);
        }
        if (result instanceof SignIn.Busy) {
            return AuthenticationResponse.failure(BasicSignInFetcher.busy().getMessage());
        }
        return AuthenticationResponse.failure(AuthenticationFailureReason.CREDENTIALS_DO_NOT_MATCH);
    }
}
