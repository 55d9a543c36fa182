package vn.friendlygov.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface NotificationRepository extends GenericRepository<Notification, Long> {
    @Query(value = "INSERT IGNORE INTO notification (official_id, unit_id, kind, subject, body, link, dedupe_key, created_at) "
            + "VALUES (:officialId, :unitId, :kind, :subject, :body, :link, :dedupeKey, :createdAt)", nativeQuery = true)
    int insertIgnore(long officialId, @Nullable Long unitId, String kind, String subject, String body, @Nullable String link, String dedupeKey,
                     Instant createdAt);

    @Query(value = "SELECT * FROM notification WHERE official_id = :officialId ORDER BY id DESC LIMIT :size OFFSET :offset",
            nativeQuery = true)
    List<Notification> page(long officialId, int size, long offset);

    @Query(value = "SELECT * FROM notification WHERE official_id = :officialId AND read_at IS NULL ORDER BY id DESC "
            + "LIMIT :size OFFSET :offset", nativeQuery = true)
    List<Notification> unreadPage(long officialId, int size, long offset);

    long countByOfficialIdAndReadAtIsNull(Long officialId);

    long countByOfficialId(Long officialId);

    Optional<Notification> findByIdAndOfficialId(Long id, Long officialId);

    Optional<Notification> findByDedupeKey(String dedupeKey);

    @Query(value = "UPDATE notification SET read_at = :now WHERE id = :id AND official_id = :officialId AND read_at IS NULL",
            nativeQuery = true)
    int markRead(long id, long officialId, Instant now);

    @Query(value = "UPDATE notification SET read_at = :now WHERE official_id = :officialId AND read_at IS NULL", nativeQuery = true)
    int markAllRead(long officialId, Instant now);
}
