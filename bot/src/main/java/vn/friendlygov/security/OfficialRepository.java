package vn.friendlygov.security;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface OfficialRepository extends CrudRepository<Official, Long> {
    Optional<Official> findByUsername(String username);

    List<Official> findByUnitIdAndActive(Long unitId, boolean active);
}
