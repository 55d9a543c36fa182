package vn.friendlygov.channel.messenger;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One element of {@code entry[].messaging[]} (or {@code standby[]}) as Meta sends it
 * (channels.md B1): each holds exactly one of message, postback, delivery, read, reaction, ...
 * Every field is optional on the wire; {@link MessengerEvents} decides what is required. A value of
 * the wrong type (a timestamp "yesterday") fails the read of this item alone.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record MessengerPayload(@Nullable Party sender, @Nullable Party recipient, @Nullable Long timestamp,
                               @Nullable Message message, @Nullable Postback postback,
                               @Nullable Delivery delivery, @Nullable Read read) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Party(@Nullable String id) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(@Nullable String mid, @Nullable String text,
                          @Nullable @JsonProperty("quick_reply") QuickReply quickReply,
                          @Nullable @JsonProperty("is_echo") Boolean isEcho,
                          @Nullable @JsonProperty("app_id") Long appId,
                          @Nullable String metadata,
                          @Nullable @JsonProperty("sticker_id") Long stickerId,
                          @Nullable List<Attachment> attachments) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record QuickReply(@Nullable String payload) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(@Nullable String type, @Nullable AttachmentPayload payload) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AttachmentPayload(@Nullable String url, @Nullable String title,
                                    @Nullable @JsonProperty("sticker_id") Long stickerId,
                                    @Nullable Coordinates coordinates) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Coordinates(@Nullable Double lat, @Nullable @JsonProperty("long") Double lon) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Postback(@Nullable String mid, @Nullable String title, @Nullable String payload) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Delivery(@Nullable List<String> mids, @Nullable Long watermark) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Read(@Nullable Long watermark) {
    }
}
