package vn.friendlygov.broadcast;

import jakarta.inject.Singleton;
import vn.friendlygov.template.TemplateNamespace;

import java.util.Set;

/**
 * {@code {{campaign.…}}}: what a greeting may name besides {@code {{unit.…}}}. The same text goes
 * to every follower (an Article broadcast cannot be personal), so it addresses "Quý bà con".
 */
@Singleton
public class CampaignTemplateVariables implements TemplateNamespace {
    /** {@code year}: the new solar year; {@code yearName}: the lunar year ("Đinh Mùi"); {@code date}: the holiday, d/M/yyyy. */
    static final Set<String> FIELDS = Set.of("title", "year", "yearName", "date", "holiday");

    @Override
    public String name() {
        return "campaign";
    }

    @Override
    public Set<String> fields() {
        return FIELDS;
    }
}
