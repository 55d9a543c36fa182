package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;

/** {@code bot.rate-limit.*}: web-chat requests a minute. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("bot.rate-limit")
public class ChatLimits {
    @Min(1)
    private int perConversationPerMinute = 30;
    /** Many residents may share one address behind a carrier's NAT. */
    @Min(1)
    private int perAddressPerMinute = 600;
    /** Polls of GET /api/v1/chat/{id}/messages: a chat box polls every few seconds. */
    @Min(1)
    private int messagesPerAddressPerMinute = 600;

    public int getPerConversationPerMinute() { return perConversationPerMinute; }
    public void setPerConversationPerMinute(int perConversationPerMinute) { this.perConversationPerMinute = perConversationPerMinute; }
    public int getPerAddressPerMinute() { return perAddressPerMinute; }
    public void setPerAddressPerMinute(int perAddressPerMinute) { this.perAddressPerMinute = perAddressPerMinute; }
    public int getMessagesPerAddressPerMinute() { return messagesPerAddressPerMinute; }
    public void setMessagesPerAddressPerMinute(int messagesPerAddressPerMinute) { this.messagesPerAddressPerMinute = messagesPerAddressPerMinute; }
}
