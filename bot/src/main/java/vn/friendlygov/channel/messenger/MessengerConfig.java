package vn.friendlygov.channel.messenger;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Min;

/** channels.messenger.* (API.md). Secrets come from the environment, e.g. CHANNELS_MESSENGER_APP_SECRET. */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("channels.messenger")
public class MessengerConfig {
    private String graphApiUrl = "https://graph.facebook.com/v25.0";
    private String appSecret = "";
    private String verifyToken = "";
    /** Send API: about 300 calls/s per page for text (Meta's rate-limiting page). */
    @Min(1)
    private int ratePerSecond = 300;
    /** Conversations API (reconciling in-doubt sends after a crash): about 2 calls/s per page. */
    @Min(1)
    private int conversationsRatePerSecond = 2;
    /** Whether the app has Human Agent approval (HUMAN_AGENT tag for officials' replies up to 7 days). */
    private boolean humanAgentTag = true;

    public String getGraphApiUrl() { return graphApiUrl; }
    public void setGraphApiUrl(String graphApiUrl) { this.graphApiUrl = graphApiUrl.replaceAll("/+$", ""); }
    public String getAppSecret() { return appSecret; }
    public void setAppSecret(String appSecret) { this.appSecret = appSecret; }
    public String getVerifyToken() { return verifyToken; }
    public void setVerifyToken(String verifyToken) { this.verifyToken = verifyToken; }
    public int getRatePerSecond() { return ratePerSecond; }
    public void setRatePerSecond(int ratePerSecond) { this.ratePerSecond = ratePerSecond; }
    public int getConversationsRatePerSecond() { return conversationsRatePerSecond; }
    public void setConversationsRatePerSecond(int conversationsRatePerSecond) { this.conversationsRatePerSecond = conversationsRatePerSecond; }
    public boolean isHumanAgentTag() { return humanAgentTag; }
    public void setHumanAgentTag(boolean humanAgentTag) { this.humanAgentTag = humanAgentTag; }
}
