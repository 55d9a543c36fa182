package vn.friendlygov.conversation;

import jakarta.inject.Singleton;
import vn.friendlygov.template.TemplateNamespace;

import java.util.Set;

/** {@code {{unit.…}}}: the unit's published facts ({@link UnitContext}). */
@Singleton
public class UnitTemplateVariables implements TemplateNamespace {
    @Override
    public String name() {
        return "unit";
    }

    @Override
    public Set<String> fields() {
        return UnitContext.FIELDS;
    }
}
