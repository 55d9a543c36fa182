package vn.friendlygov.snippet;

import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.audit.AuditLog;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.security.Official;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.text.Normalizer;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Saved reply snippets of a unit: LEADERs and ADMINs keep them, every official of the unit inserts
 * one into a reply, filled in for the conversation ({{nguoiDan}}, {{canBo}}, {{maHoSo}}, {{unit.*}}).
 * A snippet with a syntax error or an unknown variable is refused when saved, never at a resident.
 */
@Singleton
public class ReplySnippets {
    public static final int MAX_TITLE = 200;
    public static final int MAX_BODY = 2000;
    /** What a snippet may use besides {@code unit.<field>}. */
    public static final Map<String, String> VARIABLES = Map.of(
            "nguoiDan", "tên người dân (hoặc “anh/chị” khi chưa biết tên)",
            "canBo", "họ tên cán bộ đang trả lời",
            "maHoSo", "mã phản ánh gần nhất của người dân (để trống nếu chưa có)");

    /** What fills a snippet in one conversation. */
    public record Fill(@Nullable String residentName, String officialName, @Nullable String caseCode) {
    }

    private final ReplySnippetRepository repository;
    private final UnitDirectory units;
    private final AuditLog audit;
    private final Clock clock;

    public ReplySnippets(ReplySnippetRepository repository, UnitDirectory units, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.units = units;
        this.audit = audit;
        this.clock = clock;
    }

    public List<ReplySnippet> list(long unitId) {
        return repository.findByUnitIdOrderByTitle(unitId);
    }

    public ReplySnippet find(Official me, long id) {
        return inUnit(id, unitOf(me));
    }

    /** A snippet of this unit (another unit's: 404). */
    public ReplySnippet inUnit(long id, long unitId) {
        return repository.findByIdAndUnitId(id, unitId).orElseThrow(() -> ApiException.notFound("Không có mẫu trả lời này."));
    }

    public ReplySnippet create(Official me, @Nullable String title, @Nullable String body) {
        requireManager(me);
        long unitId = unitOf(me);
        String t = title(title);
        String b = body(body);
        if (repository.existsByUnitIdAndTitle(unitId, t)) {
            throw ApiException.badRequest("Đơn vị đã có mẫu trả lời tên “" + t + "”.");
        }
        Instant now = clock.instant();
        ReplySnippet saved = repository.save(new ReplySnippet(null, unitId, t, b, me.username(), now, now));
        audit.record(me.username(), unitId, "snippet.create", "snippet:" + saved.id(), null, audit.json("title", t, "body", b));
        return saved;
    }

    public ReplySnippet update(Official me, long id, @Nullable String title, @Nullable String body) {
        requireManager(me);
        ReplySnippet old = find(me, id);
        String t = title(title);
        String b = body(body);
        if (!t.equals(old.title()) && repository.existsByUnitIdAndTitle(old.unitId(), t)) {
            throw ApiException.badRequest("Đơn vị đã có mẫu trả lời tên “" + t + "”.");
        }
        ReplySnippet saved = repository.update(new ReplySnippet(old.id(), old.unitId(), t, b, old.createdBy(), old.createdAt(), clock.instant()));
        audit.record(me.username(), old.unitId(), "snippet.update", "snippet:" + id,
                audit.json("title", old.title(), "body", old.body()), audit.json("title", t, "body", b));
        return saved;
    }

    public void delete(Official me, long id) {
        requireManager(me);
        ReplySnippet old = find(me, id);
        repository.deleteById(old.id());
        audit.record(me.username(), old.unitId(), "snippet.delete", "snippet:" + id, audit.json("title", old.title(), "body", old.body()), null);
    }

    /** The snippet's text for this conversation, ready to edit and send. */
    public String render(ReplySnippet s, Fill fill) {
        Unit unit = units.byId(s.unitId()).orElseThrow(() -> ApiException.notFound("Không có đơn vị này."));
        Map<String, Object> values = new HashMap<>(UnitContext.of(unit, units));
        values.put("nguoiDan", fill.residentName() == null || fill.residentName().isBlank() ? "anh/chị" : fill.residentName().strip());
        values.put("canBo", fill.officialName());
        values.put("maHoSo", fill.caseCode() == null ? "" : fill.caseCode());
        return compile(s.body()).execute(values).strip();
    }

    private static String title(@Nullable String title) {
        String t = title == null ? "" : Normalizer.normalize(title.strip(), Normalizer.Form.NFC);
        if (t.isEmpty() || t.length() > MAX_TITLE) {
            throw ApiException.badRequest("Tên mẫu phải có 1–" + MAX_TITLE + " ký tự.");
        }
        return t;
    }

    /** Checks the text: Mustache syntax and every variable known, else 400 naming the line. */
    static String body(@Nullable String body) {
        String b = body == null ? "" : Normalizer.normalize(body.strip().replace("\r\n", "\n"), Normalizer.Form.NFC);
        if (b.isEmpty() || b.length() > MAX_BODY) {
            throw ApiException.badRequest("Nội dung mẫu phải có 1–" + MAX_BODY + " ký tự.");
        }
        Template template = compile(b);
        Set<String> used = new LinkedHashSet<>();
        template.visit(new com.samskivert.mustache.Mustache.Visitor() {
            @Override public void visitText(String text) { }
            @Override public void visitVariable(String name) { used.add(name); }
            @Override public boolean visitInclude(String name) { used.add(name); return false; }
            @Override public boolean visitSection(String name) { used.add(name); return true; }
            @Override public boolean visitInvertedSection(String name) { used.add(name); return true; }
        });
        for (String v : used) {
            boolean known = VARIABLES.containsKey(v) || v.startsWith("unit.") && UnitContext.FIELDS.contains(v.substring(5));
            if (!known) {
                throw ApiException.badRequest("Dòng " + lineOf(b, v) + ": không có biến {{" + v + "}}. Các biến dùng được: "
                        + known());
            }
        }
        return b;
    }

    private static Template compile(String body) {
        try {
            return Templates.MUSTACHE.compile(body);
        } catch (MustacheException e) {
            throw ApiException.badRequest("Mẫu trả lời sai cú pháp: " + e.getMessage());
        }
    }

    public static String known() {
        Set<String> all = new TreeSet<>(VARIABLES.keySet());
        all.addAll(UnitContext.FIELDS.stream().map(f -> "unit." + f).collect(Collectors.toSet()));
        return all.stream().map(v -> "{{" + v + "}}").collect(Collectors.joining(", "));
    }

    private static int lineOf(String body, String variable) {
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(variable)) {
                return i + 1;
            }
        }
        return 1;
    }

    private static long unitOf(Official me) {
        if (me.unitId() == null) {
            throw ApiException.notFound("Tài khoản chưa thuộc đơn vị nào.");
        }
        return me.unitId();
    }

    private static void requireManager(Official me) {
        if (Official.OFFICIAL.equals(me.role())) {
            throw new ApiException(io.micronaut.http.HttpStatus.FORBIDDEN, "forbidden",
                    "Chỉ lãnh đạo hoặc quản trị viên của đơn vị được sửa mẫu trả lời.");
        }
    }
}
