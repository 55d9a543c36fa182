package vn.friendlygov.accounts;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;

/**
 * The signed-in official, read fresh from the database (a disabled account or a changed role takes
 * effect on the next request), and the unit scope that follows from the role.
 */
@Singleton
public class CurrentOfficial {
    private final OfficialRepository officials;

    public CurrentOfficial(OfficialRepository officials) {
        this.officials = officials;
    }

    public Official of(Authentication auth) {
        Object id = auth.getAttributes().get("officialId");
        Official me = id instanceof Number n ? officials.findById(n.longValue()).orElse(null) : null;
        if (me == null || !me.active()) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản không còn hiệu lực.");
        }
        if (!Official.ADMIN.equals(me.role()) && me.unitId() == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Tài khoản chưa gắn với đơn vị nào.");
        }
        return me;
    }

    /** An administrator without a unit sees every unit; anyone else only their own. */
    public static boolean allUnits(Official me) {
        return Official.ADMIN.equals(me.role()) && me.unitId() == null;
    }

    /** May {@code me} see the data of this unit (null: deployment-wide data, administrators of all units only)? */
    public static boolean seesUnit(Official me, Long unitId) {
        return allUnits(me) || (unitId != null && unitId.equals(me.unitId()));
    }
}
