package vn.friendlygov.knowledge;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An immutable, validated snapshot of the knowledge-base folder. */
public record KnowledgeBase(Path directory, Map<String, KnowledgeEntry> entries, List<OutOfScopeTopic> outOfScope) {

    public Optional<KnowledgeEntry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    public Collection<KnowledgeEntry> all() {
        return entries.values();
    }

    public Optional<OutOfScopeTopic> topic(String id) {
        return outOfScope.stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
