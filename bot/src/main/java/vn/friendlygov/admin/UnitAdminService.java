package vn.friendlygov.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.calendar.OfficeHours;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.zalo.ChannelTokenRepository;
import vn.friendlygov.channel.zalo.ZaloTokens;
import vn.friendlygov.db.AfterCommit;
import vn.friendlygov.security.Official;
import vn.friendlygov.ticket.Deadline;
import vn.friendlygov.ticket.TicketCatalog;
import vn.friendlygov.ticket.TicketPolicy;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;
import vn.friendlygov.unit.UnitProperties;
import vn.friendlygov.unit.UnitRepository;
import vn.friendlygov.unit.UnitSecrets;
import vn.friendlygov.unit.WebOrigins;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * Units edited in the console: published facts (a LEADER for their own unit, an ADMIN), channel
 * settings, web-chat origins and switching a unit off (ADMIN), secrets write-only (ADMIN). Every
 * change is audited with before and after (a secret only as "changed"); the bot uses the new facts
 * from the next message on (this instance at once, others within the 30 s of their caches).
 */
@Singleton
public class UnitAdminService {
    private static final Logger LOG = LoggerFactory.getLogger(UnitAdminService.class);
    static final Pattern CODE = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");
    static final Pattern PHONE = Pattern.compile("(?=(?:\\D*\\d){3})[0-9+() .-]{3,64}");
    static final Pattern CHANNEL_ID = Pattern.compile("[0-9A-Za-z_-]{1,64}");
    static final String SECRET_CHANGED = "đã thay đổi";

    /** Facts a LEADER may edit for their own unit (and their column lengths). */
    static final Map<String, Integer> FACTS = facts();
    static final Set<String> ADMIN_FIELDS = Set.of("active", "messengerPageId", "zaloOaId", "webChatAllowedOrigins",
            "messengerPageAccessToken", "zaloAccessToken", "zaloRefreshToken");
    static final Set<String> LISTS = Set.of("phones", "areas");

    private final UnitRepository repository;
    private final UnitDirectory directory;
    private final UnitSecrets secrets;
    private final ZaloTokens zaloTokens;
    private final ChannelTokenRepository tokens;
    private final AuditLog audit;
    private final Clock clock;
    private final AfterCommit afterCommit;
    private final TicketPolicy policy;
    private final TicketCatalog catalog;

    public UnitAdminService(UnitRepository repository, UnitDirectory directory, UnitSecrets secrets, ZaloTokens zaloTokens,
                            ChannelTokenRepository tokens, AuditLog audit, Clock clock,
                            AfterCommit afterCommit, TicketPolicy policy, TicketCatalog catalog) {
        this.policy = policy;
        this.catalog = catalog;
        this.repository = repository;
        this.directory = directory;
        this.secrets = secrets;
        this.zaloTokens = zaloTokens;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
        this.afterCommit = afterCommit;
    }

    private static Map<String, Integer> facts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("name", 200);
        m.put("province", 200);
        m.put("chairmanName", 200);
        m.put("chairmanTitle", 200);
        m.put("address", 500);
        m.put("officeHours", 500);
        m.put("saturdayService", 500);
        m.put("receptionSchedule", 1000);
        m.put("workSchedule", 2000);
        m.put("fastTrackDay", 500);
        m.put("facilities", 1000);
        m.put("paymentMethods", 1000);
        m.put("hotline", 64);
        return Map.copyOf(m);
    }

    public List<UnitView> list(Official me) {
        return StreamSupport.stream(repository.findAll().spliterator(), false)
                .filter(u -> CurrentOfficial.seesUnit(me, u.id()))
                .sorted(java.util.Comparator.comparing(Unit::code)).map(this::view).toList();
    }

    /** A new unit (administrators of every unit): created inactive-free, as the database's from the start. */
    @Transactional
    public UnitView create(Official me, Map<String, Object> json) {
        AdminScope.requireAllUnits(me);
        Body in = new Body(json, allFields("code"));
        String code = in.required("code", 64);
        if (!CODE.matcher(code).matches()) {
            throw Body.invalid("Mã đơn vị chỉ gồm chữ thường không dấu, số và dấu gạch ngang (ví dụ: vinh-bao).");
        }
        if (repository.findByCode(code).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "unit_exists", "Đã có đơn vị mã '" + code + "'.");
        }
        in.required("name", 200);
        Instant now = clock.instant();
        Unit blank = new Unit(null, code, "", false, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, now, now, true, null, now, null);
        Unit unit = apply(me, blank, in, true);
        Unit saved = repository.save(unit);
        writeSecrets(saved, in);
        audit.record(me.username(), saved.id(), "unit.create", code, null, audit.json(auditFields(saved, in)));
        afterCommit.run(directory::invalidate);
        return view(saved);
    }

    public UnitView get(Official me, Unit unit) {
        return view(unit);
    }

    @Transactional
    public UnitView update(Official me, Unit stored, Map<String, Object> json) {
        Body in = new Body(json, allFields());
        boolean admin = Official.ADMIN.equals(me.role());
        for (String f : ADMIN_FIELDS) {
            if (in.has(f) && !admin) {
                throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ quản trị viên được thay đổi " + f + ".");
            }
        }
        Unit changed = apply(me, stored, in, false);
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        diff(view(stored), view(changed), before, after);
        for (String secret : List.of("messengerPageAccessToken", "zaloAccessToken", "zaloRefreshToken")) {
            if (in.has(secret)) {
                after.put(secret, SECRET_CHANGED);
            }
        }
        if (after.isEmpty()) {
            return view(stored);
        }
        Instant now = clock.instant();
        Unit saved = withEdited(changed, now);
        try {
            repository.update(saved);
        } catch (RuntimeException e) {
            throw conflictOr(e);
        }
        writeSecrets(saved, in);
        audit.record(me.username(), saved.id(), "unit.update", saved.code(), audit.json(before), audit.json(after));
        afterCommit.run(directory::invalidate);
        LOG.info("Unit {} edited by {}: {}", saved.code(), me.username(), after.keySet());
        return view(saved);
    }

    /**
     * The unit's complaint policy (a LEADER for their own unit): {@code deadlines} category → amount and
     * unit ("5 WORKING_DAYS"; blank: configuration's), and the reminder and escalation delays in working
     * days. All validated before anything is written; audited with before and after.
     */
    @Transactional
    public void updatePolicy(Official me, Unit unit, Map<String, String> deadlines, int reminderLead, int leaderAfter, int chairmanAfter) {
        Map<String, Deadline> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : deadlines.entrySet()) {
            if (catalog.category(e.getKey()).isEmpty()) {
                throw Body.invalid("Không có lĩnh vực '" + e.getKey() + "'.");
            }
            if (e.getValue() == null || e.getValue().isBlank()) {
                parsed.put(e.getKey(), null);
                continue;
            }
            Deadline d;
            try {
                d = Deadline.parse(e.getValue());
            } catch (IllegalStateException x) {
                throw Body.invalid("Hạn xử lý của lĩnh vực " + catalog.name(e.getKey()) + " chưa hợp lệ.");
            }
            if (d.amount() < 1 || d.amount() > 365) {
                throw Body.invalid("Hạn xử lý của lĩnh vực " + catalog.name(e.getKey()) + " phải từ 1 đến 365.");
            }
            parsed.put(e.getKey(), d);
        }
        for (int v : new int[]{reminderLead, leaderAfter, chairmanAfter}) {
            if (v < 0 || v > 30) {
                throw Body.invalid("Số ngày nhắc việc và chuyển lãnh đạo phải từ 0 đến 30 ngày làm việc.");
            }
        }
        Map<String, Object> before = policyMap(unit);
        Instant now = clock.instant();
        parsed.forEach((category, d) -> policy.setDeadline(unit.id(), category, d, now));
        policy.setDelays(unit.id(), new TicketPolicy.Delays(reminderLead, leaderAfter, chairmanAfter), now);
        Map<String, Object> after = policyMap(unit);
        if (!before.equals(after)) {
            audit.record(me.username(), unit.id(), "unit.policy", unit.code(), audit.json(before), audit.json(after));
        }
    }

    private Map<String, Object> policyMap(Unit unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        new java.util.TreeMap<>(policy.deadlines(unit.id())).forEach((c, d) -> m.put("deadline." + c, d.amount() + " " + d.unit().name()));
        TicketPolicy.Delays d = policy.delays(unit.id());
        m.put("reminderLeadWorkingDays", d.reminderLead());
        m.put("leaderAfterWorkingDays", d.leaderAfter());
        m.put("chairmanAfterWorkingDays", d.chairmanAfter());
        return m;
    }

    private static Set<String> allFields(String... more) {
        Set<String> s = new java.util.HashSet<>(FACTS.keySet());
        s.addAll(ADMIN_FIELDS);
        s.addAll(LISTS);
        s.addAll(List.of(more));
        return s;
    }

    /** The unit with every field the body names; validation first, nothing written here. */
    private Unit apply(Official me, Unit u, Body in, boolean creating) {
        String name = in.has("name") ? in.required("name", 200) : u.name();
        String hotline = in.has("hotline") ? in.string("hotline", 64) : u.hotline();
        if (hotline != null && !PHONE.matcher(hotline).matches()) {
            throw Body.invalid("Số đường dây nóng chỉ gồm chữ số, dấu cách và các ký tự + ( ) . -");
        }
        String phones = u.phonesJson();
        if (in.has("phones")) {
            List<Map<String, String>> list = in.objects("phones", Set.of("name", "title", "phone"), 200, 50);
            for (Map<String, String> p : list) {
                if (p.get("phone") == null || !PHONE.matcher(p.get("phone")).matches()) {
                    throw Body.invalid("phones: mỗi mục cần số điện thoại hợp lệ (phone).");
                }
            }
            phones = directory.emptyToNull(list);
        }
        String areas = in.has("areas") ? directory.emptyToNull(in.strings("areas", 300, 200)) : u.areasJson();
        String page = in.has("messengerPageId") ? channelId(in, "messengerPageId") : u.messengerPageId();
        String oa = in.has("zaloOaId") ? channelId(in, "zaloOaId") : u.zaloOaId();
        if (page != null && !page.equals(u.messengerPageId())) {
            repository.findByMessengerPageId(page).ifPresent(other -> {
                throw new ApiException(HttpStatus.CONFLICT, "page_taken", "Trang Messenger này đã gắn với đơn vị " + other.code() + ".");
            });
        }
        if (oa != null && !oa.equals(u.zaloOaId())) {
            repository.findByZaloOaId(oa).ifPresent(other -> {
                throw new ApiException(HttpStatus.CONFLICT, "oa_taken", "Zalo OA này đã gắn với đơn vị " + other.code() + ".");
            });
        }
        String origins = u.webChatOriginsJson();
        if (in.has("webChatAllowedOrigins")) {
            try {
                origins = directory.emptyToNull(WebOrigins.check("webChatAllowedOrigins", in.strings("webChatAllowedOrigins", 300, 20)));
            } catch (IllegalArgumentException e) {
                throw Body.invalid(e.getMessage());
            }
        }
        Boolean active = in.bool("active");
        boolean zaloAccess = in.string("zaloAccessToken", 1000) != null;
        boolean zaloRefresh = in.string("zaloRefreshToken", 1000) != null;
        if (zaloAccess != zaloRefresh) {
            throw Body.invalid("zaloAccessToken và zaloRefreshToken được đặt cùng nhau (cặp mã do Zalo cấp).");
        }
        if (in.has("messengerPageAccessToken") && in.string("messengerPageAccessToken", 1000) == null) {
            throw Body.invalid("messengerPageAccessToken không được để trống.");
        }
        return new Unit(u.id(), u.code(), name, u.sample(),
                fact(in, "province", u.province()), fact(in, "chairmanName", u.chairmanName()),
                fact(in, "chairmanTitle", u.chairmanTitle()), fact(in, "address", u.address()),
                fact(in, "officeHours", u.officeHours()), fact(in, "saturdayService", u.saturdayService()),
                fact(in, "receptionSchedule", u.receptionSchedule()), fact(in, "workSchedule", u.workSchedule()),
                fact(in, "fastTrackDay", u.fastTrackDay()), fact(in, "facilities", u.facilities()),
                fact(in, "paymentMethods", u.paymentMethods()), hotline, phones, areas, page, oa,
                u.createdAt(), u.updatedAt(), active == null ? u.active() : active, origins, u.editedAt(), u.routingEditedAt());
    }

    private static @Nullable String fact(Body in, String field, @Nullable String current) {
        return in.has(field) ? in.string(field, FACTS.get(field)) : current;
    }

    private static @Nullable String channelId(Body in, String field) {
        String id = in.string(field, 64);
        if (id != null && !CHANNEL_ID.matcher(id).matches()) {
            throw Body.invalid(field + " chỉ gồm chữ số, chữ cái, _ và -.");
        }
        return id;
    }

    private void writeSecrets(Unit unit, Body in) {
        String page = in.string("messengerPageAccessToken", 1000);
        if (page != null) {
            secrets.set(unit, UnitSecrets.MESSENGER_PAGE_TOKEN, page);
        }
        String access = in.string("zaloAccessToken", 1000);
        if (access != null) {
            zaloTokens.replace(unit, access, in.string("zaloRefreshToken", 1000));
        }
    }

    private static Unit withEdited(Unit u, Instant now) {
        return new Unit(u.id(), u.code(), u.name(), u.sample(), u.province(), u.chairmanName(), u.chairmanTitle(), u.address(),
                u.officeHours(), u.saturdayService(), u.receptionSchedule(), u.workSchedule(), u.fastTrackDay(), u.facilities(),
                u.paymentMethods(), u.hotline(), u.phonesJson(), u.areasJson(), u.messengerPageId(), u.zaloOaId(),
                u.createdAt(), now, u.active(), u.webChatOriginsJson(), now, u.routingEditedAt());
    }

    private Map<String, Object> auditFields(Unit u, Body in) {
        Map<String, Object> before = new LinkedHashMap<>();
        Map<String, Object> after = new LinkedHashMap<>();
        UnitView empty = new UnitView(u.code(), "", false, true, null, null, null, null, null, null, null, null, null,
                null, null, null, List.of(), List.of(), null, null, List.of(), Map.of(), null, "");
        diff(empty, view(u), before, after);
        for (String secret : List.of("messengerPageAccessToken", "zaloAccessToken", "zaloRefreshToken")) {
            if (in.string(secret, 1000) != null) {
                after.put(secret, SECRET_CHANGED);
            }
        }
        return after;
    }

    /** The fields that differ, by their API names (the views hold no secret). */
    private static void diff(UnitView a, UnitView b, Map<String, Object> before, Map<String, Object> after) {
        Map<String, Object> x = fields(a);
        Map<String, Object> y = fields(b);
        for (String k : x.keySet()) {
            if (!Objects.equals(x.get(k), y.get(k))) {
                before.put(k, x.get(k));
                after.put(k, y.get(k));
            }
        }
    }

    private static Map<String, Object> fields(UnitView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", v.name());
        m.put("active", v.active());
        m.put("province", v.province());
        m.put("chairmanName", v.chairmanName());
        m.put("chairmanTitle", v.chairmanTitle());
        m.put("address", v.address());
        m.put("officeHours", v.officeHours());
        m.put("saturdayService", v.saturdayService());
        m.put("receptionSchedule", v.receptionSchedule());
        m.put("workSchedule", v.workSchedule());
        m.put("fastTrackDay", v.fastTrackDay());
        m.put("facilities", v.facilities());
        m.put("paymentMethods", v.paymentMethods());
        m.put("hotline", v.hotline());
        m.put("phones", v.phones());
        m.put("areas", v.areas());
        m.put("messengerPageId", v.messengerPageId());
        m.put("zaloOaId", v.zaloOaId());
        m.put("webChatAllowedOrigins", v.webChatAllowedOrigins());
        return m;
    }

    UnitView view(Unit u) {
        Map<String, String> secretState = new LinkedHashMap<>();
        Optional<UnitProperties> p = directory.properties(u.code());
        secretState.put("messengerPageAccessToken", u.id() != null && secrets.storedFor(u, UnitSecrets.MESSENGER_PAGE_TOKEN) ? "console"
                : p.map(UnitProperties::getMessenger).map(UnitProperties.Messenger::getPageAccessToken).filter(s -> !s.isBlank())
                .isPresent() ? "configuration" : "none");
        boolean zalo = u.id() != null && tokens.find(u.id(), Channels.ZALO).map(t -> t.accessToken() != null).orElse(false);
        secretState.put("zaloTokens", zalo ? "stored" : "none");
        return new UnitView(u.code(), u.name(), u.sample(), u.active(), u.province(), u.chairmanName(), u.chairmanTitle(),
                u.address(), u.officeHours(), u.saturdayService(), u.receptionSchedule(), u.workSchedule(), u.fastTrackDay(),
                u.facilities(), u.paymentMethods(), u.hotline(), directory.phones(u), directory.areas(u), u.messengerPageId(),
                u.zaloOaId(), directory.webChatOrigins(u), secretState, OfficeHours.iso(u.editedAt()), OfficeHours.iso(u.updatedAt()));
    }

    private static RuntimeException conflictOr(RuntimeException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("duplicate") || m.contains("unique")) {
            return new ApiException(HttpStatus.CONFLICT, "conflict", "Mã trang hoặc OA này đã gắn với đơn vị khác.");
        }
        return e;
    }
}
