package vn.friendlygov.knowledge;

import com.samskivert.mustache.Template;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One reviewed entry. Procedures carry a summary and one text per {@link Aspect}; info entries
 * carry a template filled from the unit's data; actions and small talk carry only examples.
 * {@code reviewNote} (optional, never shown to residents) is what the reviewer could not check
 * against the document itself, e.g. a decree read only from secondary sources.
 * {@code catalogueId} is the id the chat API reports ({@code match.id}, the shared catalogue's
 * vocabulary): the entry's own id, or for an entry that details one catalogue topic (tạm vắng
 * within cư trú) that topic's id, so that tools built on the catalogue keep counting it there.
 */
public record KnowledgeEntry(
        String id,
        String catalogueId,
        EntryKind kind,
        String title,
        String shortTitle,
        String code,
        String handledBy,
        List<String> keywords,
        List<String> examples,
        String summary,
        Map<Aspect, String> answers,
        Template infoTemplate,
        List<String> legalBasis,
        LocalDate reviewed,
        String reviewNote,
        String source) {
}
