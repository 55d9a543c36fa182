package vn.friendlygov.channel.zalo;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.JsonFields;
import vn.friendlygov.channel.WebhookItems;
import vn.friendlygov.channel.WebhookSignatures;
import vn.friendlygov.inbox.InboxService;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Zalo Official Account webhook (API.md): X-ZEvent-Signature checked over the raw body. Runs on the
 * event loop (checks and parsing only, no blocking call): the 200 goes once the inbox writer has
 * committed the events, without a thread parked waiting for it.
 */
@Controller("/webhooks/zalo")
@Secured(SecurityRule.IS_ANONYMOUS)
public class ZaloWebhook {
    private static final Logger LOG = LoggerFactory.getLogger(ZaloWebhook.class);

    private final ZaloConfig config;
    private final UnitDirectory units;
    private final InboxService inbox;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public ZaloWebhook(ZaloConfig config, UnitDirectory units, InboxService inbox, ObjectMapper json, MeterRegistry metrics) {
        this.config = config;
        this.units = units;
        this.inbox = inbox;
        this.json = json;
        this.metrics = metrics;
    }

    @Serdeable
    public record Ack(int error, String message) {
    }

    @Post(consumes = MediaType.ALL)
    public CompletableFuture<HttpResponse<Ack>> receive(@Nullable @Header("X-ZEvent-Signature") String signature, @Body byte[] body) {
        if (signature == null || signature.isBlank()) {
            metrics.counter("webhook.rejected", "channel", "zalo", "reason", "signature").increment();
            throw new ApiException(HttpStatus.FORBIDDEN, "invalid_signature", "Missing X-ZEvent-Signature.");
        }
        JsonNode root;
        try {
            root = json.readValue(body, JsonNode.class);
        } catch (IOException e) {
            root = null;
        }
        // The signed string includes the body's own timestamp, so the body must be read first.
        if (root == null || !root.isObject() || JsonFields.text(root, "event_name") == null || JsonFields.text(root, "timestamp") == null) {
            metrics.counter("webhook.rejected", "channel", "zalo", "reason", "malformed").increment();
            throw ApiException.badRequest("Body is not a Zalo OA event (event_name and timestamp required).");
        }
        String appId = Optional.ofNullable(JsonFields.text(root, "app_id")).orElse(config.getAppId());
        if (!config.getAppId().isBlank() && !config.getAppId().equals(appId)
                || !WebhookSignatures.zaloValid(signature, body, appId, JsonFields.text(root, "timestamp"), config.getOaSecretKey())) {
            metrics.counter("webhook.rejected", "channel", "zalo", "reason", "signature").increment();
            throw new ApiException(HttpStatus.FORBIDDEN, "invalid_signature", "Wrong X-ZEvent-Signature.");
        }
        WebhookItems items = ZaloEvents.toItems(root, new String(body, StandardCharsets.UTF_8), json, this::unitForOa);
        if (!items.rejected().isEmpty()) {
            LOG.warn("Zalo event rejected and kept: {}", items.rejected().get(0).reason());
            metrics.counter("webhook.items.rejected", "channel", "zalo").increment();
        } else if (items.isEmpty()) {
            metrics.counter("webhook.ignored", "channel", "zalo").increment();
        }
        return inbox.accept(items).thenApply(stored -> HttpResponse.ok(new Ack(0, "Success")));
    }

    private Optional<Unit> unitForOa(String oaId) {
        Optional<Unit> unit = oaId == null ? Optional.empty() : units.byZaloOa(oaId);
        if (unit.isEmpty()) {
            LOG.warn("Zalo event for unknown OA {}: acknowledged, not answered", oaId);
            metrics.counter("webhook.unknown_target", "channel", "zalo").increment();
        }
        return unit;
    }
}
