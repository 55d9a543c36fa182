package vn.friendlygov.channel.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * Token buckets per conversation and per client address (Bucket4j), kept in a Caffeine cache that
 * forgets idle keys. Per instance: behind a load balancer each instance limits its own share.
 */
@Singleton
public class ChatRateLimiter {
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(200_000).expireAfterAccess(Duration.ofMinutes(10)).build();
    private final int perConversation;
    private final int perAddress;
    private final int pollsPerAddress;

    public ChatRateLimiter(ChatLimits limits) {
        this.perConversation = limits.getPerConversationPerMinute();
        this.perAddress = limits.getPerAddressPerMinute();
        this.pollsPerAddress = limits.getMessagesPerAddressPerMinute();
    }

    /** GET .../messages: a chat box polls every few seconds; many residents may share one address. */
    public boolean allowPoll(String address) {
        return bucket("p:" + address, pollsPerAddress).tryConsume(1);
    }

    public boolean allow(String conversationKey, String address) {
        return bucket("c:" + conversationKey, perConversation).tryConsume(1)
                && bucket("a:" + address, perAddress).tryConsume(1);
    }

    private Bucket bucket(String key, int perMinute) {
        return buckets.get(key, k -> Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)).build())
                .build());
    }
}
