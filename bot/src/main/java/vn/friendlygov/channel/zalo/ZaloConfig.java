package vn.friendlygov.channel.zalo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * channels.zalo.* (API.md). Where the reference marks a fact unconfirmed, it is a setting here:
 * which secret signs webhooks, the windows, the night ban hours, the rate limit.
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("channels.zalo")
public class ZaloConfig {
    private String apiUrl = "https://openapi.zalo.me";
    private String oauthUrl = "https://oauth.zaloapp.com";
    private String appId = "";
    private String appSecret = "";
    private String oaSecretKey = "";
    /** OA API: 4,000 requests per minute per app. */
    @Min(1)
    private int ratePerMinute = 4000;
    /** Consultation messages are allowed this long after the resident's last interaction. */
    @Min(1)
    private int consultationWindowDays = 7;
    /** Promotional sends are refused at night (Asia/Ho_Chi_Minh). */
    @Min(0) @Max(23)
    private int nightBanStartHour = 22;
    @Min(0) @Max(23)
    private int nightBanEndHour = 6;
    /** Refresh the 25-hour access token this long before it expires. */
    @Min(1)
    private int refreshAheadMinutes = 120;
    /** Quick replies become numbered choices in the text (typed back as "1", "2", …). */
    @Min(1) @Max(9)
    private int maxChoices = 9;
    /** How often tokens are checked for refresh ahead of expiry. */
    @NotNull
    private java.time.Duration refreshCheckInterval = java.time.Duration.ofMinutes(10);

    public String getApiUrl() { return apiUrl; }
    public void setApiUrl(String apiUrl) { this.apiUrl = apiUrl.replaceAll("/+$", ""); }
    public String getOauthUrl() { return oauthUrl; }
    public void setOauthUrl(String oauthUrl) { this.oauthUrl = oauthUrl.replaceAll("/+$", ""); }
    public String getAppId() { return appId; }
    public void setAppId(String appId) { this.appId = appId; }
    public String getAppSecret() { return appSecret; }
    public void setAppSecret(String appSecret) { this.appSecret = appSecret; }
    public String getOaSecretKey() { return oaSecretKey; }
    public void setOaSecretKey(String oaSecretKey) { this.oaSecretKey = oaSecretKey; }
    public int getRatePerMinute() { return ratePerMinute; }
    public void setRatePerMinute(int ratePerMinute) { this.ratePerMinute = ratePerMinute; }
    public int getConsultationWindowDays() { return consultationWindowDays; }
    public void setConsultationWindowDays(int consultationWindowDays) { this.consultationWindowDays = consultationWindowDays; }
    public int getNightBanStartHour() { return nightBanStartHour; }
    public void setNightBanStartHour(int nightBanStartHour) { this.nightBanStartHour = nightBanStartHour; }
    public int getNightBanEndHour() { return nightBanEndHour; }
    public void setNightBanEndHour(int nightBanEndHour) { this.nightBanEndHour = nightBanEndHour; }
    public int getRefreshAheadMinutes() { return refreshAheadMinutes; }
    public void setRefreshAheadMinutes(int refreshAheadMinutes) { this.refreshAheadMinutes = refreshAheadMinutes; }
    public java.time.Duration getRefreshCheckInterval() { return refreshCheckInterval; }
    public void setRefreshCheckInterval(java.time.Duration refreshCheckInterval) { this.refreshCheckInterval = refreshCheckInterval; }
    public int getMaxChoices() { return maxChoices; }
    public void setMaxChoices(int maxChoices) { this.maxChoices = maxChoices; }
}
