package vn.friendlygov.accounts;

import io.micronaut.context.event.ApplicationEventPublisher;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.security.Passwords;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Officials' accounts (API.md "Accounts"): an ADMIN manages every account (one confined to a unit,
 * that unit's), a LEADER their own unit's OFFICIALs. What the caller may not see is 404, what they
 * may see but not change is 403. A password set by someone else must be changed by its owner at
 * the next sign-in. Every change goes to the audit log, in the same transaction.
 */
@Singleton
public class AccountService {
    /** The stored hash of an account that has no usable password yet (seeded officials): matches nothing. */
    public static final String NO_PASSWORD = "!no-password";
    public static final int MIN_PASSWORD = 10;
    /** PBKDF2 over a megabyte would be a cheap way to keep a CPU busy. */
    public static final int MAX_PASSWORD = 200;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");
    private static final Pattern CHAT_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s\"<>,;]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+");
    private static final Set<String> ROLES = Set.of(Official.OFFICIAL, Official.LEADER, Official.ADMIN);

    private final OfficialRepository officials;
    private final UnitDirectory units;
    private final TicketCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher<CredentialsRevoked> revoked;

    public AccountService(OfficialRepository officials, UnitDirectory units, TicketCatalog catalog, AuditLog audit, Clock clock,
                          ApplicationEventPublisher<CredentialsRevoked> revoked) {
        this.revoked = revoked;
        this.officials = officials;
        this.units = units;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- reading ----

    /** The accounts {@code me} may see: their unit's (or, for an ADMIN of every unit, all, or {@code unitCode}'s). */
    @Transactional(readOnly = true)
    public List<OfficialView> list(Official me, @Nullable String unitCode) {
        Long unitId = null;
        if (unitCode != null && !unitCode.isBlank()) {
            unitId = visibleUnit(me, unitCode.strip()).id();
        } else if (!CurrentOfficial.allUnits(me)) {
            unitId = me.unitId();
        }
        Long only = unitId;
        return StreamSupport.stream(officials.findAll().spliterator(), false)
                .filter(o -> only == null ? CurrentOfficial.allUnits(me) : only.equals(o.unitId()))
                .sorted((a, b) -> a.username().compareTo(b.username()))
                .map(this::view).toList();
    }

    @Transactional(readOnly = true)
    public OfficialView get(Official me, String username) {
        return view(visible(me, username));
    }

    // ---- changes ----

    @Transactional
    public OfficialView create(Official me, Map<String, Object> body) {
        requireManager(me);
        Input in = new Input(body);
        String username = in.string("username", 64);
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw invalid("username phải có 3–64 ký tự: chữ thường không dấu, số, '.', '_' hoặc '-', bắt đầu bằng chữ hoặc số.");
        }
        String fullName = in.string("fullName", 200);
        if (fullName == null) {
            throw invalid("Thiếu fullName (họ và tên).");
        }
        String role = in.has("role") ? role(in.string("role", 16)) : Official.OFFICIAL;
        Long unitId = unitFor(me, in.has("unit") ? in.string("unit", 64) : null, role);
        requireMayManage(me, unitId, role);
        String zalo = chatId(in, "zaloUserId");
        String psid = chatId(in, "messengerPsid");
        String email = email(in);
        String password = in.has("password") ? password(in.string("password", MAX_PASSWORD + 1), username) : null;
        if (officials.findByUsername(username).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "username_taken", "Tên đăng nhập '" + username + "' đã có người dùng.");
        }
        requireChatIdsFree(null, zalo, psid);
        Official o = new Official(null, unitId, username, password == null ? NO_PASSWORD : Passwords.hash(password), fullName,
                in.string("title", 200), role, fields(in), in.bool("onDuty", false), zalo, psid, in.bool("active", true),
                clock.instant(), email, in.string("team", 100), password != null);
        try {
            o = officials.save(o);
        } catch (DataAccessException e) {
            // Two creations of the same username at once: the unique key decides.
            throw new ApiException(HttpStatus.CONFLICT, "username_taken", "Tên đăng nhập '" + username + "' đã có người dùng.");
        }
        OfficialView view = view(o);
        audit.record(me.username(), unitId, "official.create", username, null, audit.json(auditFields(view)));
        return view;
    }

    /** Any field but the username; {@code "active": false} disables; {@code "password"} sets a temporary password. */
    @Transactional
    public OfficialView update(Official me, String username, Map<String, Object> body) {
        Official o = visible(me, username);
        requireMayManage(me, o.unitId(), o.role());
        Input in = new Input(body);
        if (in.has("username") && !o.username().equals(in.string("username", 64))) {
            throw invalid("Không đổi được tên đăng nhập; hãy tạo tài khoản mới và khoá tài khoản cũ.");
        }
        String role = in.has("role") ? role(in.string("role", 16)) : o.role();
        Long unitId = in.has("unit") ? unitFor(me, in.string("unit", 64), role) : o.unitId();
        if (in.has("role") || in.has("unit")) {
            requireMayManage(me, unitId, role);
        }
        boolean active = in.bool("active", o.active());
        if (o.id().equals(me.id()) && (!active || !role.equals(o.role()) || !Objects.equals(unitId, o.unitId()))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "cannot_change_self",
                    "Không tự khoá, tự đổi vai trò hay đơn vị của chính mình; hãy nhờ một quản trị viên khác.");
        }
        String fullName = in.has("fullName") ? in.string("fullName", 200) : o.fullName();
        if (fullName == null) {
            throw invalid("fullName (họ và tên) không được để trống.");
        }
        String zalo = in.has("zaloUserId") ? chatId(in, "zaloUserId") : o.zaloUserId();
        String psid = in.has("messengerPsid") ? chatId(in, "messengerPsid") : o.messengerPsid();
        requireChatIdsFree(o.id(), Objects.equals(zalo, o.zaloUserId()) ? null : zalo,
                Objects.equals(psid, o.messengerPsid()) ? null : psid);
        String password = in.has("password") ? password(in.string("password", MAX_PASSWORD + 1), o.username()) : null;
        Official changed = new Official(o.id(), unitId, o.username(), password == null ? o.passwordHash() : Passwords.hash(password),
                fullName, in.has("title") ? in.string("title", 200) : o.title(), role, in.has("fields") ? fields(in) : o.fields(),
                in.bool("onDuty", o.onDuty()), zalo, psid, active, o.createdAt(), in.has("email") ? email(in) : o.email(),
                in.has("team") ? in.string("team", 100) : o.team(),
                // Someone else's password is temporary; one's own set here is not.
                password != null ? !o.id().equals(me.id()) : o.mustChangePassword());
        officials.update(changed);
        OfficialView before = view(o);
        OfficialView after = view(changed);
        Map<String, Object> b = auditFields(before);
        Map<String, Object> a = auditFields(after);
        b.keySet().removeIf(k -> Objects.equals(b.get(k), a.get(k)));
        a.keySet().removeIf(k -> !b.containsKey(k));
        if (password != null) {
            a.put("password", "(đặt mới)");
        }
        audit.record(me.username(), changed.unitId(), "official.update", o.username(), audit.json(b), audit.json(a));
        if (!o.id().equals(me.id()) && (password != null || o.active() && !active)) {
            revoked.publishEvent(new CredentialsRevoked(o.id()));
        }
        return after;
    }

    /** A new random temporary password, shown once to the administrator; the official changes it at the next sign-in. */
    @Transactional
    public String resetPassword(Official me, String username) {
        Official o = visible(me, username);
        requireMayManage(me, o.unitId(), o.role());
        if (o.id().equals(me.id())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "cannot_change_self", "Đổi mật khẩu của chính mình ở POST /api/v1/me/password.");
        }
        String temporary = Passwords.random(12);
        officials.update(o.withPassword(Passwords.hash(temporary), true));
        audit.record(me.username(), o.unitId(), "official.password-reset", o.username(), null, audit.json("mustChangePassword", true));
        revoked.publishEvent(new CredentialsRevoked(o.id()));
        return temporary;
    }

    /** The official's own change: the current password, then a new one of at least {@value #MIN_PASSWORD} characters. */
    @Transactional
    public void changeOwnPassword(Official me, @Nullable String current, @Nullable String next) {
        if (current == null || !Passwords.matches(current, me.passwordHash())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "wrong_password", "Mật khẩu hiện tại không đúng.");
        }
        String p = password(next, me.username());
        if (p.equals(current)) {
            throw invalid("Mật khẩu mới phải khác mật khẩu hiện tại.");
        }
        officials.update(me.withPassword(Passwords.hash(p), false));
        audit.record(me.username(), me.unitId(), "official.password-change", me.username(), null, null);
    }

    // ---- rules ----

    private static void requireManager(Official me) {
        if (!Official.ADMIN.equals(me.role()) && !Official.LEADER.equals(me.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ quản trị viên hoặc lãnh đạo đơn vị quản lý tài khoản.");
        }
    }

    /** Seen but not theirs to change: a LEADER manages only OFFICIALs; nobody but an ADMIN of every unit makes one. */
    private static void requireMayManage(Official me, @Nullable Long unitId, String role) {
        requireManager(me);
        if (Official.LEADER.equals(me.role()) && (!Official.OFFICIAL.equals(role) || !Objects.equals(unitId, me.unitId()))) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Lãnh đạo đơn vị chỉ quản lý tài khoản cán bộ (OFFICIAL) của đơn vị mình.");
        }
        if (unitId == null && !CurrentOfficial.allUnits(me)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ quản trị viên toàn hệ thống quản lý tài khoản không gắn đơn vị.");
        }
    }

    private Official visible(Official me, String username) {
        return officials.findByUsername(username.strip())
                .filter(o -> CurrentOfficial.allUnits(me) || (o.unitId() != null && o.unitId().equals(me.unitId())))
                .orElseThrow(() -> ApiException.notFound("Không có tài khoản '" + username.strip() + "' trong phạm vi của anh/chị."));
    }

    private Unit visibleUnit(Official me, String code) {
        return units.byCode(code).filter(u -> CurrentOfficial.seesUnit(me, u.id()))
                .orElseThrow(() -> ApiException.notFound("Không có đơn vị '" + code + "'."));
    }

    /** The unit of a new or moved account: required, except for an ADMIN of every unit (made by one). */
    private @Nullable Long unitFor(Official me, @Nullable String code, String role) {
        if (code == null) {
            if (Official.ADMIN.equals(role) && CurrentOfficial.allUnits(me)) {
                return null;
            }
            if (!CurrentOfficial.allUnits(me)) {
                return me.unitId();
            }
            throw invalid("Thiếu unit (mã đơn vị) của tài khoản.");
        }
        return visibleUnit(me, code).id();
    }

    private static String role(@Nullable String role) {
        String r = role == null ? "" : role.toUpperCase(Locale.ROOT);
        if (!ROLES.contains(r)) {
            throw invalid("role phải là OFFICIAL, LEADER hoặc ADMIN.");
        }
        return r;
    }

    private static String password(@Nullable String password, String username) {
        if (password == null || password.length() < MIN_PASSWORD) {
            throw invalid("Mật khẩu phải có ít nhất " + MIN_PASSWORD + " ký tự.");
        }
        if (password.length() > MAX_PASSWORD) {
            throw invalid("Mật khẩu dài tối đa " + MAX_PASSWORD + " ký tự.");
        }
        if (password.strip().isEmpty() || password.equalsIgnoreCase(username)) {
            throw invalid("Mật khẩu không được để trống hay trùng tên đăng nhập.");
        }
        return password;
    }

    private static @Nullable String chatId(Input in, String field) {
        String v = in.string(field, 64);
        if (v != null && !CHAT_ID.matcher(v).matches()) {
            throw invalid(field + " chỉ gồm chữ, số, '.', '_' hoặc '-' (tối đa 64 ký tự).");
        }
        return v;
    }

    private static @Nullable String email(Input in) {
        String v = in.string("email", 254);
        if (v != null && !EMAIL.matcher(v).matches()) {
            throw invalid("email không đúng dạng địa chỉ thư điện tử (ví dụ canbo@xa.gov.vn).");
        }
        return v;
    }

    private @Nullable String fields(Input in) {
        List<String> list = in.strings("fields");
        for (String f : list) {
            if (catalog.category(f).isEmpty()) {
                throw invalid("Lĩnh vực '" + f + "' không có trong danh mục phản ánh.");
            }
        }
        return list.isEmpty() ? null : String.join(",", list);
    }

    /** Notifications and "answer from your own Zalo" find the official by these ids: one account each. */
    private void requireChatIdsFree(@Nullable Long self, @Nullable String zalo, @Nullable String psid) {
        for (Official other : officials.findAll()) {
            if (other.id().equals(self)) {
                continue;
            }
            if (zalo != null && zalo.equals(other.zaloUserId())) {
                throw new ApiException(HttpStatus.CONFLICT, "zalo_id_taken", "zaloUserId này đã gắn với tài khoản khác.");
            }
            if (psid != null && psid.equals(other.messengerPsid())) {
                throw new ApiException(HttpStatus.CONFLICT, "messenger_id_taken", "messengerPsid này đã gắn với tài khoản khác.");
            }
        }
    }

    static ApiException invalid(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed", message);
    }

    // ---- views ----

    public OfficialView view(Official o) {
        return new OfficialView(o.username(), o.fullName(), o.title(),
                o.unitId() == null ? null : units.byId(o.unitId()).map(Unit::code).orElse(null), o.role(), split(o.fields()),
                o.team(), o.onDuty(), o.zaloUserId(), o.messengerPsid(), o.email(), o.active(),
                !NO_PASSWORD.equals(o.passwordHash()), o.mustChangePassword(),
                OfficeHours.iso(o.createdAt()));
    }

    private static Map<String, Object> auditFields(OfficialView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fullName", v.fullName());
        m.put("title", v.title());
        m.put("unit", v.unit());
        m.put("role", v.role());
        m.put("fields", v.fields());
        m.put("team", v.team());
        m.put("onDuty", v.onDuty());
        m.put("zaloUserId", v.zaloUserId());
        m.put("messengerPsid", v.messengerPsid());
        m.put("email", v.email());
        m.put("active", v.active());
        m.put("passwordSet", v.passwordSet());
        m.put("mustChangePassword", v.mustChangePassword());
        return m;
    }

    static List<String> split(@Nullable String csv) {
        return csv == null || csv.isBlank() ? List.of()
                : Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The request body with typed reads: a value of the wrong type is a 400, a bad value a 422. */
    private static final class Input {
        private final Map<String, Object> body;

        Input(@Nullable Map<String, Object> body) {
            if (body == null) {
                throw ApiException.badRequest("Cần một đối tượng JSON.");
            }
            this.body = body;
        }

        boolean has(String field) {
            return body.containsKey(field);
        }

        /** Stripped; blank is null; longer than {@code max} is a 422. */
        @Nullable String string(String field, int max) {
            Object v = body.get(field);
            if (v == null) {
                return null;
            }
            if (!(v instanceof String s)) {
                throw ApiException.badRequest(field + " phải là chuỗi ký tự.");
            }
            String t = field.equals("password") ? s : s.strip();
            if (t.isEmpty()) {
                return null;
            }
            if (t.length() > max) {
                throw invalid(field + " dài tối đa " + max + " ký tự.");
            }
            return t;
        }

        boolean bool(String field, boolean otherwise) {
            Object v = body.get(field);
            if (v == null) {
                return otherwise;
            }
            if (!(v instanceof Boolean b)) {
                throw ApiException.badRequest(field + " phải là true hoặc false.");
            }
            return b;
        }

        List<String> strings(String field) {
            Object v = body.get(field);
            if (v == null) {
                return List.of();
            }
            Collection<?> items = v instanceof Collection<?> c ? c : v instanceof String s ? split(s) : null;
            if (items == null) {
                throw ApiException.badRequest(field + " phải là danh sách mã lĩnh vực.");
            }
            List<String> out = new ArrayList<>();
            for (Object item : items) {
                if (!(item instanceof String s) || s.isBlank()) {
                    throw ApiException.badRequest(field + " phải là danh sách mã lĩnh vực.");
                }
                if (!out.contains(s.strip())) {
                    out.add(s.strip());
                }
            }
            return out;
        }
    }
}
