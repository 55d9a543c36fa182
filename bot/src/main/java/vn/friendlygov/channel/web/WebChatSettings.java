package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;

/** {@code web-chat.*}: the web chat box's processing. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("web-chat")
public class WebChatSettings {
    /** Single-threaded lanes; each answers the messages waiting on it in one transaction. */
    @Min(1)
    private int lanes = 4;

    public int getLanes() { return lanes; }
    public void setLanes(int lanes) { this.lanes = lanes; }
}
