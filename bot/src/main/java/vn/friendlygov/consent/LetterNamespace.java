package vn.friendlygov.consent;

import jakarta.inject.Singleton;
import vn.friendlygov.template.TemplateNamespace;

import java.util.Set;

/**
 * The values of a personal letter (templates/letters/personal.yml): {@code letter.name} is the resident's
 * name when known (the texts fall back to "Quý bà con"), {@code letter.reason} what the letter is about.
 * Filled by the official through {@code POST /api/v1/letters} (package letter).
 */
@Singleton
public class LetterNamespace implements TemplateNamespace {
    @Override
    public String name() {
        return "letter";
    }

    @Override
    public Set<String> fields() {
        return Set.of("name", "reason");
    }
}
