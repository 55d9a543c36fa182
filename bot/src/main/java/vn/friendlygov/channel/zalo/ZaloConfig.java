package vn.friendlygov.channel.zalo;

import io.micronaut.context.annotation.ConfigurationProperties;

/**
 * channels.zalo.* (API.md). Where the reference marks a fact unconfirmed, it is a setting here:
 * which secret signs webhooks, the windows, the night ban hours, the rate limit.
 */
@ConfigurationProperties("channels.zalo")
public class ZaloConfig {
    private String apiUrl = "https://openapi.zalo.me";
    private String oauthUrl = "https://oauth.zaloapp.com";
    private String appId = "";
    private String appSecret = "";
    private String oaSecretKey = "";
    /** OA API: 4,000 requests per minute per app. */
    private int ratePerMinute = 4000;
    /** Consultation messages are allowed this long after the resident's last interaction. */
    private int consultationWindowDays = 7;
    /** Promotional sends are refused at night (Asia/Ho_Chi_Minh). */
    private int nightBanStartHour = 22;
    private int nightBanEndHour = 6;
    /** Refresh the 25-hour access token this long before it expires. */
    private int refreshAheadMinutes = 120;
    /** Quick replies become numbered choices in the text (typed back as "1", "2", …). */
    private int maxChoices = 9;

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
    public void setConsultationWindowDays(int d) { this.consultationWindowDays = d; }
    public int getNightBanStartHour() { return nightBanStartHour; }
    public void setNightBanStartHour(int h) { this.nightBanStartHour = h; }
    public int getNightBanEndHour() { return nightBanEndHour; }
    public void setNightBanEndHour(int h) { this.nightBanEndHour = h; }
    public int getRefreshAheadMinutes() { return refreshAheadMinutes; }
    public void setRefreshAheadMinutes(int m) { this.refreshAheadMinutes = m; }
    public int getMaxChoices() { return maxChoices; }
    public void setMaxChoices(int maxChoices) { this.maxChoices = maxChoices; }
}
