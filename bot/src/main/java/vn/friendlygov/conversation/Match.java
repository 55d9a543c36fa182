package vn.friendlygov.conversation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.knowledge.KnowledgeEntry;

/**
 * What a message was taken as: kind is procedure, info, action, smalltalk, fallback or handoff;
 * {@code id} is the catalogue id the API reports, {@code entry} the knowledge-base entry that
 * answered (stored with the message; the same as {@code id} except for an entry that details a
 * catalogue topic, see {@link KnowledgeEntry#catalogueId()}).
 */
@Serdeable
public record Match(String kind, String id, double confidence, @JsonIgnore String entry) {
    public Match(String kind, String id, double confidence) {
        this(kind, id, confidence, id);
    }

    public static Match of(KnowledgeEntry e, double confidence) {
        return new Match(e.kind().apiName(), e.catalogueId(), round(confidence), e.id());
    }

    public static Match fallback(double confidence) {
        return new Match("fallback", "fallback", round(confidence));
    }

    public static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
