package vn.friendlygov.channel.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Reply;

import java.util.List;

/** "replies": [] while an official holds the conversation, not a missing key (API.md). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ChatResponse(String conversationId, List<Reply> replies, Match match) {
}
