package vn.friendlygov.consent;

import jakarta.inject.Singleton;
import vn.friendlygov.template.TemplateNamespace;

import java.util.Set;

/**
 * The values of a personal letter (templates/letters/personal.yml): {@code letter.name} is the resident's
 * name when known (the texts fall back to "Quý bà con"), {@code letter.reason} what the letter is about.
 * The letters API that fills them is not built yet (see the branch's report).
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
