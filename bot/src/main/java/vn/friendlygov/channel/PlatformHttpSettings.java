package vn.friendlygov.channel;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** {@code channels.http-*}: the HTTP client that talks to Zalo and the Graph API. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("channels")
public class PlatformHttpSettings {
    @NotNull
    private Duration httpTimeout = Duration.ofSeconds(10);
    @Min(1)
    private int httpConnections = 128;

    public Duration getHttpTimeout() { return httpTimeout; }
    public void setHttpTimeout(Duration httpTimeout) { this.httpTimeout = httpTimeout; }
    public int getHttpConnections() { return httpConnections; }
    public void setHttpConnections(int httpConnections) { this.httpConnections = httpConnections; }
}
