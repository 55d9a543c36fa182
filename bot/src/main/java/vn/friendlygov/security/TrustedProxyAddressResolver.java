package vn.friendlygov.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.util.DefaultHttpClientAddressResolver;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.http.server.util.ProxyHeaderParser;
import jakarta.inject.Singleton;
import vn.friendlygov.BotSettings;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The client address every caller injects (rate limits, sign-in log, metrics access). Micronaut's
 * default takes the first X-Forwarded-For / Forwarded entry from anyone, which any client can
 * write. Here those headers count only when the connection comes from a proxy in
 * {@code bot.trusted-proxies} (CIDR list, default empty: the socket address). The chain is then
 * read from the right, skipping trusted proxies: the first address no trusted proxy vouches for
 * is the client (entries further left were written by that client and prove nothing).
 */
@Singleton
@Replaces(DefaultHttpClientAddressResolver.class)
public class TrustedProxyAddressResolver implements HttpClientAddressResolver {
    private final List<AddressRange> trusted;

    public TrustedProxyAddressResolver(BotSettings settings) {
        this.trusted = AddressRange.parseAll(settings.getTrustedProxies());
    }

    @Override
    @Nullable
    public String resolve(@NonNull HttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null ? null : remote.getHostString();
        if (!AddressRange.anyContains(trusted, peer)) {
            return peer;
        }
        List<String> chain = new ProxyHeaderParser(request).getFor();
        String client = peer;
        for (int i = chain.size() - 1; i >= 0; i--) {
            String hop = withoutPort(chain.get(i).trim());
            if (AddressRange.literal(hop) == null) {
                // "unknown", an obfuscated identifier or garbage: stop at the last address we trust.
                break;
            }
            client = hop;
            if (!AddressRange.anyContains(trusted, hop)) {
                break;
            }
        }
        return client;
    }

    /** "203.0.113.7:51234" and "[2001:db8::1]:443" name a host and a port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[") && hop.contains("]:")) {
            return hop.substring(0, hop.indexOf("]:") + 1);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && colon == hop.lastIndexOf(':') ? hop.substring(0, colon) : hop;
    }
}
