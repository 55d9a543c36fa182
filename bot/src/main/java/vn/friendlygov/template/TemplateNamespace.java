package vn.friendlygov.template;

import java.util.Set;

/**
 * A group of values a feature passes to its templates under one name ({@code unit}, {@code t}):
 * a template that names a field outside {@link #fields()} ({@code {{unit.hotlne}}}) is refused at
 * start-up and at reload instead of rendering an empty text to residents.
 */
public interface TemplateNamespace {
    String name();

    Set<String> fields();

    /**
     * Names the feature also passes unqualified to some of its texts ({@code {{max}}}, and the fields of
     * the items of a list section such as {@code {{#items}}…{{code}}…{{/items}}}). A plain name that no
     * namespace declares is refused like a misspelled field.
     */
    default Set<String> plainNames() {
        return Set.of();
    }
}
