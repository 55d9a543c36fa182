package vn.friendlygov.snippet;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface ReplySnippetRepository extends CrudRepository<ReplySnippet, Long> {
    List<ReplySnippet> findByUnitIdOrderByTitle(Long unitId);

    /** Scoped look-up: another unit's snippet does not exist for this official. */
    Optional<ReplySnippet> findByIdAndUnitId(Long id, Long unitId);

    boolean existsByUnitIdAndTitle(Long unitId, String title);
}
