package vn.friendlygov.channel.zalo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * One Zalo OA webhook body as Zalo sends it (channels.md A1): ids and the timestamp are strings;
 * resident events carry sender/recipient, follow and unfollow carry follower and oa_id. Every field
 * is optional on the wire; {@link ZaloEvents} decides what each event needs.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = true)
public record ZaloPayload(@Nullable @JsonProperty("app_id") String appId,
                          @Nullable @JsonProperty("event_name") String eventName,
                          @Nullable Party sender, @Nullable Party recipient, @Nullable Party follower,
                          @Nullable @JsonProperty("oa_id") String oaId,
                          @Nullable @JsonProperty("user_id_by_app") String userIdByApp,
                          @Nullable String source,
                          @Nullable Message message,
                          @Nullable Info info,
                          @Nullable String timestamp) {

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Party(@Nullable String id) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(@Nullable @JsonProperty("msg_id") String msgId,
                          @Nullable @JsonProperty("msg_ids") List<String> msgIds,
                          @Nullable String text,
                          @Nullable List<Attachment> attachments) {
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Attachment(@Nullable String type, @Nullable Payload payload) {
    }

    /** Image/gif/sticker: url (and id for a sticker); file: url, name, size; link: url, description; location: coordinates. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Payload(@Nullable String url, @Nullable String thumbnail, @Nullable String id, @Nullable String name,
                          @Nullable String description, @Nullable Coordinates coordinates) {
    }

    /** Strings on the wire ("10.7642473"). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Coordinates(@Nullable String latitude, @Nullable String longitude) {
    }

    /** The answer to a request_user_info form. */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Info(@Nullable String name, @Nullable String phone, @Nullable String address, @Nullable String ward,
                       @Nullable String district, @Nullable String city) {
    }
}
