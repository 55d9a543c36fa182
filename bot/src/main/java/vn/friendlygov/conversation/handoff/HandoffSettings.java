package vn.friendlygov.conversation.handoff;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;

/** {@code handoff.*}: residents handed to an official. */
// Created at start-up, so that a bad value stops the start instead of the first handoff.
@Context
@ConfigurationProperties("handoff")
public class HandoffSettings {
    /** Conversations one official may hold at once; a take beyond it is refused (409 limit_reached). */
    @Min(1)
    private int maxPerOfficial = 5;
    /** A conversation waiting longer than this many office hours is escalated to the unit's leaders. */
    @Min(1)
    private int escalateAfterWorkingHours = 4;
    /** How often waiting conversations are checked for escalation. */
    @NotNull
    private Duration checkInterval = Duration.ofMinutes(1);

    public int getMaxPerOfficial() { return maxPerOfficial; }
    public void setMaxPerOfficial(int maxPerOfficial) { this.maxPerOfficial = maxPerOfficial; }
    public int getEscalateAfterWorkingHours() { return escalateAfterWorkingHours; }
    public void setEscalateAfterWorkingHours(int escalateAfterWorkingHours) { this.escalateAfterWorkingHours = escalateAfterWorkingHours; }
    public Duration getCheckInterval() { return checkInterval; }
    public void setCheckInterval(Duration checkInterval) { this.checkInterval = checkInterval; }
}
