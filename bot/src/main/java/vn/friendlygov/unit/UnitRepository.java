package vn.friendlygov.unit;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
public interface UnitRepository extends CrudRepository<Unit, Long> {
    Optional<Unit> findByCode(String code);

    Optional<Unit> findByMessengerPageId(String messengerPageId);

    Optional<Unit> findByZaloOaId(String zaloOaId);
}
