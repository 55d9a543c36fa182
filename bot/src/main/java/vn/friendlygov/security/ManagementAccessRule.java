package vn.friendlygov.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.inject.ExecutableMethod;
import io.micronaut.management.endpoint.EndpointSensitivityProcessor;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRuleResult;
import io.micronaut.security.rules.SensitiveEndpointRule;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import io.micronaut.core.async.publisher.Publishers;
import vn.friendlygov.BotSettings;

import java.util.List;

/**
 * Sensitive management endpoints (all but /health) need the ADMIN role, not just any signed-in
 * official. /prometheus may also be scraped without signing in from {@code bot.metrics.allowed-addresses}
 * (CIDR list, default empty), checked against the client address as the trusted-proxy resolver sees it.
 */
@Singleton
@Replaces(SensitiveEndpointRule.class)
public class ManagementAccessRule extends SensitiveEndpointRule {
    static final String PROMETHEUS = "prometheus";

    private final HttpClientAddressResolver addresses;
    private final List<AddressRange> metricsAddresses;

    public ManagementAccessRule(EndpointSensitivityProcessor endpointSensitivityProcessor,
                                HttpClientAddressResolver addresses,
                                BotSettings settings) {
        super(endpointSensitivityProcessor);
        this.addresses = addresses;
        this.metricsAddresses = AddressRange.parseAll(settings.getMetrics().getAllowedAddresses());
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAuthenticated(HttpRequest<?> request, Authentication authentication,
                                                                        ExecutableMethod<?, ?> method) {
        if (authentication.getRoles().contains(Official.ADMIN) || scraperAllowed(request, method)) {
            return Publishers.just(SecurityRuleResult.ALLOWED);
        }
        return Publishers.just(SecurityRuleResult.REJECTED);
    }

    @Override
    protected Publisher<SecurityRuleResult> checkSensitiveAnonymous(HttpRequest<?> request, ExecutableMethod<?, ?> method) {
        return Publishers.just(scraperAllowed(request, method) ? SecurityRuleResult.ALLOWED : SecurityRuleResult.REJECTED);
    }

    private boolean scraperAllowed(HttpRequest<?> request, @Nullable ExecutableMethod<?, ?> method) {
        return method != null && PROMETHEUS.equals(endpointId(method))
                && AddressRange.anyContains(metricsAddresses, addresses.resolve(request));
    }

    /** The @Endpoint id of the class declaring {@code method} (the parent's endpointName knows only Micronaut's own). */
    private static String endpointId(ExecutableMethod<?, ?> method) {
        return method.stringValue(Endpoint.class, "id").or(() -> method.stringValue(Endpoint.class)).orElse("");
    }
}
