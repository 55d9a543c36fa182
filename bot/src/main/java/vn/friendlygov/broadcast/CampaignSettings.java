package vn.friendlygov.broadcast;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.Duration;

/** {@code campaigns.*}: how greeting campaigns reach residents (defaults here, in one place). */
@Context
@ConfigurationProperties("campaigns")
public class CampaignSettings {
    /** Outbox rows created per transaction while a campaign's audience is expanded (resumable between chunks). */
    @Min(1) @Max(10_000)
    private int chunkSize = 1000;
    /** Chunks one runner tick creates before it looks at other campaigns again. */
    @Min(1)
    private int chunksPerTick = 20;
    @NotNull
    private Duration runInterval = Duration.ofSeconds(2);
    /**
     * Zalo: "broadcast" (one Article broadcast to every follower), "personal" (a consultation message
     * to each follower inside the 7-day window), or "both" (the same follower may get both that day).
     */
    @NotNull @Pattern(regexp = "broadcast|personal|both")
    private String zaloMode = "broadcast";
    /** Broadcasts per calendar month the OA's package allows (Basic 1, Trial/Advanced 4, Premium 6). */
    @Min(0)
    private int zaloMonthlyBroadcasts = 4;
    /** A broadcast whose outcome is unknown after this long is reported failed (in_doubt), never resent. */
    @NotNull
    private Duration zaloBroadcastInDoubtAfter = Duration.ofMinutes(10);
    /** Web chat: conversations with a message within this many days count as open. */
    @Min(1)
    private int webOpenDays = 30;

    public int getChunkSize() { return chunkSize; }
    public void setChunkSize(int chunkSize) { this.chunkSize = chunkSize; }
    public int getChunksPerTick() { return chunksPerTick; }
    public void setChunksPerTick(int chunksPerTick) { this.chunksPerTick = chunksPerTick; }
    public Duration getRunInterval() { return runInterval; }
    public void setRunInterval(Duration runInterval) { this.runInterval = runInterval; }
    public String getZaloMode() { return zaloMode; }
    public void setZaloMode(String zaloMode) { this.zaloMode = zaloMode; }
    public int getZaloMonthlyBroadcasts() { return zaloMonthlyBroadcasts; }
    public void setZaloMonthlyBroadcasts(int zaloMonthlyBroadcasts) { this.zaloMonthlyBroadcasts = zaloMonthlyBroadcasts; }
    public Duration getZaloBroadcastInDoubtAfter() { return zaloBroadcastInDoubtAfter; }
    public void setZaloBroadcastInDoubtAfter(Duration d) { this.zaloBroadcastInDoubtAfter = d; }
    public int getWebOpenDays() { return webOpenDays; }
    public void setWebOpenDays(int webOpenDays) { this.webOpenDays = webOpenDays; }

    boolean zaloBroadcast() {
        return !"personal".equals(zaloMode);
    }

    boolean zaloPersonal() {
        return !"broadcast".equals(zaloMode);
    }
}
