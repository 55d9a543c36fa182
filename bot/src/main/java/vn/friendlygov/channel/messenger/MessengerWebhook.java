package vn.friendlygov.channel.messenger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.channel.WebhookSignatures;
import vn.friendlygov.inbox.InboxService;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.io.IOException;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Facebook Messenger webhook (API.md): the verification handshake and signed event batches. Runs on
 * the event loop, as {@link vn.friendlygov.channel.zalo.ZaloWebhook} does.
 */
@Controller("/webhooks/messenger")
@Secured(SecurityRule.IS_ANONYMOUS)
public class MessengerWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(MessengerWebhook.class);

    private final MessengerConfig config;
    private final UnitDirectory units;
    private final InboxService inbox;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public MessengerWebhook(MessengerConfig config, UnitDirectory units, InboxService inbox, ObjectMapper json, MeterRegistry metrics) {
        this.config = config;
        this.units = units;
        this.inbox = inbox;
        this.json = json;
        this.metrics = metrics;
    }

    @Get(produces = MediaType.TEXT_PLAIN)
    public HttpResponse<?> verify(@Nullable @QueryValue("hub.mode") String mode,
                                  @Nullable @QueryValue("hub.verify_token") String token,
                                  @Nullable @QueryValue("hub.challenge") String challenge) {
        boolean ok = "subscribe".equals(mode) && token != null && !config.getVerifyToken().isBlank()
                && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), config.getVerifyToken().getBytes(StandardCharsets.UTF_8));
        if (!ok || challenge == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Verify token does not match.");
        }
        return HttpResponse.ok(challenge).contentType(MediaType.TEXT_PLAIN_TYPE);
    }

    @Post(consumes = MediaType.ALL, produces = MediaType.TEXT_PLAIN)
    public CompletableFuture<HttpResponse<String>> receive(@Nullable @Header("X-Hub-Signature-256") String signature, @Body byte[] body) {
        // The signature covers the raw bytes as sent (Vietnamese arrives \\u-escaped): never re-serialise before checking.
        if (!WebhookSignatures.messengerValid(signature, body, config.getAppSecret())) {
            metrics.counter("webhook.rejected", "channel", "messenger", "reason", "signature").increment();
            throw new ApiException(HttpStatus.FORBIDDEN, "invalid_signature", "Missing or wrong X-Hub-Signature-256.");
        }
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject() || root.get("entry") == null || !root.get("entry").isArray()) {
            metrics.counter("webhook.rejected", "channel", "messenger", "reason", "malformed").increment();
            throw ApiException.badRequest("Body is not a Messenger webhook event (object with an entry array).");
        }
        WebhookItems items = MessengerEvents.toItems(MessengerEvents.read(root, json), this::unitForPage, metrics);
        if (!items.rejected().isEmpty()) {
            LOG.warn("Messenger delivery: {} of its items rejected and kept ({})", items.rejected().size(), items.rejected().get(0).reason());
            metrics.counter("webhook.items.rejected", "channel", "messenger").increment(items.rejected().size());
        }
        return inbox.accept(items).thenApply(stored -> HttpResponse.ok("EVENT_RECEIVED").contentType(MediaType.TEXT_PLAIN_TYPE));
    }

    private Optional<Unit> unitForPage(String pageId) {
        Optional<Unit> unit = units.byMessengerPage(pageId);
        if (unit.isEmpty()) {
            LOG.warn("Messenger event for unknown page {}: acknowledged, not answered (residents' messages kept as rejected)", pageId);
            metrics.counter("webhook.unknown_target", "channel", "messenger").increment();
        }
        return unit;
    }
}
