package vn.friendlygov.admin;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

/**
 * Who may administer which unit: an ADMIN without a unit every unit, an ADMIN confined to a unit
 * and a LEADER their own. Another unit does not exist for them (404); what they may see but not
 * change is 403. Switched-off units are found here too (an administrator switches them back on).
 */
@Singleton
public class AdminScope {
    private final CurrentOfficial current;
    private final UnitRepository units;

    public AdminScope(CurrentOfficial current, UnitRepository units) {
        this.current = current;
        this.units = units;
    }

    public Official me(Authentication auth) {
        return current.of(auth);
    }

    /** The unit {@code code} as {@code me} may see it, or 404. */
    public Unit unit(Official me, String code) {
        return units.findByCode(code == null ? "" : code.strip()).filter(u -> CurrentOfficial.seesUnit(me, u.id()))
                .orElseThrow(() -> ApiException.notFound("Không có đơn vị '" + (code == null ? "" : code.strip()) + "'."));
    }

    /** Administrators only (a LEADER sees the page but may not change this). */
    public static void requireAdmin(Official me) {
        if (!Official.ADMIN.equals(me.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ quản trị viên được thay đổi mục này.");
        }
    }

    /** Administrators of every unit only (deployment-wide settings: the holiday schedule, new units). */
    public static void requireAllUnits(Official me) {
        if (!CurrentOfficial.allUnits(me)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ quản trị viên toàn hệ thống được thay đổi mục này.");
        }
    }
}
