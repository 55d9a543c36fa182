package vn.friendlygov.snippet;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;

/** A unit's saved reply: a title and a text with variables ({@link ReplySnippets#VARIABLES}). */
@MappedEntity("reply_snippet")
public record ReplySnippet(
        @Id @GeneratedValue @Nullable Long id,
        Long unitId,
        String title,
        String body,
        String createdBy,
        Instant createdAt,
        Instant updatedAt) {
}
