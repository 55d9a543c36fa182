package vn.friendlygov;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import jakarta.validation.constraints.NotNull;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bot.*}: the service's own settings that belong to no single feature (the features' own
 * sections — bot.sign-in, bot.rate-limit — have their own types).
 */
// Created at start-up, so that a bad value stops the start instead of the first request that needs it.
@Context
@ConfigurationProperties("bot")
public class BotSettings {
    /** The unit used when a request names none. */
    @NotNull
    private String defaultUnit = "";
    /** Folder holding knowledge-base/ and templates/; empty: the checkout the code runs from. */
    @NotNull
    private String contentDir = "";
    /** The first administrator's password (BOT_ADMIN_PASSWORD); empty: one is generated and printed once. */
    @NotNull
    private String adminPassword = "";
    /** CIDR list of reverse proxies whose X-Forwarded-For / Forwarded is believed. */
    @NotNull
    private List<String> trustedProxies = new ArrayList<>();
    @NotNull
    private Metrics metrics = new Metrics();

    public String getDefaultUnit() { return defaultUnit; }
    public void setDefaultUnit(String defaultUnit) { this.defaultUnit = defaultUnit == null ? "" : defaultUnit; }
    public String getContentDir() { return contentDir; }
    public void setContentDir(String contentDir) { this.contentDir = contentDir == null ? "" : contentDir; }
    public String getAdminPassword() { return adminPassword; }
    public void setAdminPassword(String adminPassword) { this.adminPassword = adminPassword == null ? "" : adminPassword; }
    public List<String> getTrustedProxies() { return trustedProxies; }
    public void setTrustedProxies(List<String> trustedProxies) { this.trustedProxies = trustedProxies == null ? new ArrayList<>() : trustedProxies; }
    public Metrics getMetrics() { return metrics; }
    public void setMetrics(Metrics metrics) { this.metrics = metrics; }

    @Override
    public String toString() {
        return "BotSettings[defaultUnit=" + defaultUnit + ", contentDir=" + contentDir + ", adminPassword=***]";
    }

    @ConfigurationProperties("metrics")
    public static class Metrics {
        /** CIDR list that may read /prometheus without signing in; otherwise ADMIN only. */
        @NotNull
        private List<String> allowedAddresses = new ArrayList<>();

        public List<String> getAllowedAddresses() { return allowedAddresses; }
        public void setAllowedAddresses(List<String> a) { this.allowedAddresses = a == null ? new ArrayList<>() : a; }
    }
}
