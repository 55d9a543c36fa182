package vn.friendlygov.channel.web;

import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Reply;

import java.util.List;

@Serdeable
public record ChatResponse(String conversationId, List<Reply> replies, Match match) {
}
