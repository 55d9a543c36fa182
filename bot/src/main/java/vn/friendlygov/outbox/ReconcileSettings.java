package vn.friendlygov.outbox;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/**
 * {@code outbox.reconcile.*}: a row claimed earlier whose outcome was never recorded (the process
 * died while sending it, or the answer timed out) is checked with the platform before it is sent
 * again; the margin widens the look-back for clock skew. Disabled: such rows are re-sent.
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("outbox.reconcile")
public class ReconcileSettings {
    private boolean enabled = true;
    @NotNull
    private Duration clockMargin = Duration.ofSeconds(10);

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public Duration getClockMargin() { return clockMargin; }
    public void setClockMargin(Duration clockMargin) { this.clockMargin = clockMargin; }
}
