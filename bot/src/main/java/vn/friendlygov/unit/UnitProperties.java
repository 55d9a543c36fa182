package vn.friendlygov.unit;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;
import java.util.Map;

/** A unit declared in configuration ({@code units.<code>} in API.md), bootstrapped into the database. */
@EachProperty("units")
public class UnitProperties {
    private final String code;
    private String name;
    private boolean sample;
    private String province;
    private String chairmanName;
    private String chairmanTitle;
    private String address;
    private String officeHours;
    private String saturdayService;
    private String receptionSchedule;
    private String workSchedule;
    private String fastTrackDay;
    private String facilities;
    private String paymentMethods;
    private String hotline;
    private List<Map<String, String>> phones = List.of();
    private List<String> areas = List.of();
    private Messenger messenger = new Messenger();
    private Zalo zalo = new Zalo();
    private WebChat webChat = new WebChat();

    public UnitProperties(@Parameter String code) {
        this.code = code;
    }

    public String getCode() { return code; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public boolean isSample() { return sample; }
    public void setSample(boolean sample) { this.sample = sample; }
    public String getProvince() { return province; }
    public void setProvince(String province) { this.province = province; }
    public String getChairmanName() { return chairmanName; }
    public void setChairmanName(String chairmanName) { this.chairmanName = chairmanName; }
    public String getChairmanTitle() { return chairmanTitle; }
    public void setChairmanTitle(String chairmanTitle) { this.chairmanTitle = chairmanTitle; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getOfficeHours() { return officeHours; }
    public void setOfficeHours(String officeHours) { this.officeHours = officeHours; }
    public String getSaturdayService() { return saturdayService; }
    public void setSaturdayService(String saturdayService) { this.saturdayService = saturdayService; }
    public String getReceptionSchedule() { return receptionSchedule; }
    public void setReceptionSchedule(String receptionSchedule) { this.receptionSchedule = receptionSchedule; }
    public String getWorkSchedule() { return workSchedule; }
    public void setWorkSchedule(String workSchedule) { this.workSchedule = workSchedule; }
    public String getFastTrackDay() { return fastTrackDay; }
    public void setFastTrackDay(String fastTrackDay) { this.fastTrackDay = fastTrackDay; }
    public String getFacilities() { return facilities; }
    public void setFacilities(String facilities) { this.facilities = facilities; }
    public String getPaymentMethods() { return paymentMethods; }
    public void setPaymentMethods(String paymentMethods) { this.paymentMethods = paymentMethods; }
    public String getHotline() { return hotline; }
    public void setHotline(String hotline) { this.hotline = hotline; }
    public List<Map<String, String>> getPhones() { return phones; }
    public void setPhones(List<Map<String, String>> phones) { this.phones = phones; }
    public List<String> getAreas() { return areas; }
    public void setAreas(List<String> areas) { this.areas = areas; }
    public Messenger getMessenger() { return messenger; }
    public void setMessenger(Messenger messenger) { this.messenger = messenger; }
    public Zalo getZalo() { return zalo; }
    public void setZalo(Zalo zalo) { this.zalo = zalo; }
    public WebChat getWebChat() { return webChat; }
    public void setWebChat(WebChat webChat) { this.webChat = webChat; }

    @ConfigurationProperties("messenger")
    public static class Messenger {
        private String pageId;
        private String pageAccessToken;

        public String getPageId() { return pageId; }
        public void setPageId(String pageId) { this.pageId = pageId; }
        public String getPageAccessToken() { return pageAccessToken; }
        public void setPageAccessToken(String pageAccessToken) { this.pageAccessToken = pageAccessToken; }
    }

    @ConfigurationProperties("zalo")
    public static class Zalo {
        private String oaId;
        private String accessToken;
        private String refreshToken;

        public String getOaId() { return oaId; }
        public void setOaId(String oaId) { this.oaId = oaId; }
        public String getAccessToken() { return accessToken; }
        public void setAccessToken(String accessToken) { this.accessToken = accessToken; }
        public String getRefreshToken() { return refreshToken; }
        public void setRefreshToken(String refreshToken) { this.refreshToken = refreshToken; }
    }

    /** The unit's website(s) whose chat box may call the chat API cross-origin (API.md). */
    @ConfigurationProperties("web-chat")
    public static class WebChat {
        private List<String> allowedOrigins = List.of();

        public List<String> getAllowedOrigins() { return allowedOrigins; }
        public void setAllowedOrigins(List<String> allowedOrigins) { this.allowedOrigins = allowedOrigins; }
    }
}
