package vn.friendlygov.template;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import vn.friendlygov.accounts.CurrentOfficial;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.outbox.MessageSplitter;
import vn.friendlygov.security.Official;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.text.Normalizer;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static vn.friendlygov.calendar.OfficeHours.iso;

/**
 * Reading, editing and previewing templates for the API and the console (API.md "Greetings and
 * letters"), LEADER and ADMIN. A leader (or an administrator of one unit) edits their unit's text;
 * an administrator of every unit edits the text of every unit, or one unit's with {@code unit}.
 */
@Singleton
public class TemplateEditor {
    /** What Zalo's consultation message and Messenger's text message take at most (NFC characters). */
    public static final int PLATFORM_LIMIT = 2000;
    public static final int MAX_SOURCE = 8000;
    public static final int MAX_VALUE = 500;
    /** A plain variable of a preview belongs to the namespace of its template's family. */
    private static final Map<String, String> FAMILY = Map.of("letters", "letter", "campaigns", "campaign", "tickets", "t");

    @Serdeable
    public record Summary(String name, String file, boolean edited, @Nullable String updatedAt, @Nullable String updatedBy) {
    }

    @Serdeable
    public record View(String name, String file, @Nullable String unit, String source, boolean edited, @Nullable String updatedAt,
                       @Nullable String updatedBy, List<String> variables) {
    }

    /** How a channel would carry the text: the messages it becomes, the length (NFC) against the platform's limit. */
    @Serdeable
    public record ChannelPreview(List<String> messages, int length, @Nullable Integer limit, boolean withinLimit) {
    }

    @Serdeable
    public record Preview(String name, @Nullable String unit, String text, int length, Map<String, ChannelPreview> channels,
                          List<String> missing) {
    }

    /** Whose text: {@code unit} null = every unit's. */
    public record Scope(@Nullable Unit unit) {
        @Nullable
        public Long unitId() {
            return unit == null ? null : unit.id();
        }

        @Nullable
        public String unitCode() {
            return unit == null ? null : unit.code();
        }
    }

    private final Templates templates;
    private final UnitDirectory units;
    private final Clock clock;

    public TemplateEditor(Templates templates, UnitDirectory units, Clock clock) {
        this.templates = templates;
        this.units = units;
        this.clock = clock;
    }

    /** The caller's unit; an administrator of every unit: the named unit, or every unit. Another unit's → 404. */
    public Scope scope(Official me, @Nullable String unit) {
        if (!Official.LEADER.equals(me.role()) && !Official.ADMIN.equals(me.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "forbidden", "Chỉ lãnh đạo và quản trị viên sửa được mẫu tin nhắn.");
        }
        if (CurrentOfficial.allUnits(me)) {
            if (unit == null || unit.isBlank()) {
                return new Scope(null);
            }
            return new Scope(units.byCode(unit.strip()).orElseThrow(() -> ApiException.notFound("Không có đơn vị " + unit.strip() + ".")));
        }
        Unit own = units.byId(me.unitId()).orElseThrow(() -> ApiException.notFound("Không có đơn vị của anh/chị."));
        if (unit != null && !unit.isBlank() && !unit.strip().equals(own.code())) {
            throw ApiException.notFound("Không có đơn vị " + unit.strip() + " trong phạm vi của anh/chị.");
        }
        return new Scope(own);
    }

    public List<Summary> list(Scope scope) {
        return templates.names().stream().map(n -> {
            Optional<Templates.Edit> e = templates.edit(n, scope.unitCode());
            return new Summary(n, templates.file(n), e.isPresent(), e.map(x -> iso(x.revision().at())).orElse(null),
                    e.map(x -> x.revision().author()).orElse(null));
        }).toList();
    }

    public View get(Scope scope, String name) {
        require(name);
        Optional<Templates.Edit> e = templates.edit(name, scope.unitCode());
        return new View(name, templates.file(name), scope.unitCode(), templates.source(name, scope.unitCode()), e.isPresent(),
                e.map(x -> iso(x.revision().at())).orElse(null), e.map(x -> x.revision().author()).orElse(null),
                List.copyOf(new java.util.TreeSet<>(templates.variables(name, scope.unitCode()))));
    }

    /** Saves the text; a syntax error or an unknown variable → 422 naming the line and the variable, and the old text stays. */
    public View save(Official me, Scope scope, String name, @Nullable String source) {
        require(name);
        // Browsers send a textarea with CRLF; the channels and the files use LF.
        String s = source == null ? "" : Normalizer.normalize(source.strip().replace("\r\n", "\n"), Normalizer.Form.NFC);
        if (s.isEmpty() || s.length() > MAX_SOURCE) {
            throw ApiException.badRequest("source (nội dung mẫu) phải có 1–" + MAX_SOURCE + " ký tự.");
        }
        try {
            templates.save(scope.unitId(), scope.unitCode(), name, s, me.username(), clock.instant());
        } catch (Templates.Problem p) {
            throw invalid(p);
        }
        return get(scope, name);
    }

    static ApiException invalid(Templates.Problem p) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "invalid_template", "Mẫu chưa được lưu, mẫu cũ vẫn dùng. " + p.getMessage());
    }

    /**
     * The text as the unit's residents would get it, per channel. {@code source} given: the text being
     * edited (checked like a save), else the text in use. Variables by the name the template uses
     * ({@code "letter.name"}); a plain name belongs to the template's family ({@code "name"} of a letter).
     */
    public Preview preview(Scope scope, String name, @Nullable String source, @Nullable Map<String, ?> variables) {
        require(name);
        Unit unit = scope.unit() != null ? scope.unit() : units.resolve(null).orElseThrow();
        Map<String, Object> context = context(unit, name, variables);
        String text;
        Set<String> used;
        try {
            if (source != null && !source.isBlank()) {
                text = templates.renderText(source, context);
                used = templates.variablesOf(source);
            } else {
                text = templates.render(name, context);
                used = templates.variables(name, unit.code());
            }
        } catch (Templates.Problem p) {
            throw invalid(p);
        }
        text = Normalizer.normalize(text, Normalizer.Form.NFC);
        Map<String, ChannelPreview> channels = new LinkedHashMap<>();
        for (String ch : List.of(Channels.ZALO, Channels.MESSENGER)) {
            List<String> parts = MessageSplitter.split(Reply.of(text)).stream().map(Reply::text).toList();
            channels.put(ch, new ChannelPreview(parts, length(text), PLATFORM_LIMIT, parts.stream().allMatch(x -> length(x) <= PLATFORM_LIMIT)));
        }
        channels.put(Channels.WEB, new ChannelPreview(List.of(text), length(text), null, true));
        List<String> missing = used.stream().filter(v -> !v.startsWith("unit.") && !given(context, v)).sorted().toList();
        return new Preview(name, scope.unitCode(), text, length(text), channels, missing);
    }

    /** Characters as the platforms count them, after NFC (the same visible text can be 43 or 55 code points). */
    public static int length(String text) {
        String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
        return nfc.codePointCount(0, nfc.length());
    }

    /** The unit's values and the caller's, checked against the names features pass. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> context(Unit unit, String name, @Nullable Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>();
        UnitContext.of(unit, units).forEach((k, v) -> context.put(k, v instanceof Map<?, ?> m ? new HashMap<>(m) : v));
        if (variables == null) {
            return context;
        }
        String family = FAMILY.get(name.substring(0, name.indexOf('.')));
        for (Map.Entry<String, ?> e : flatten("", variables).entrySet()) {
            String key = e.getKey().contains(".") || family == null ? e.getKey() : family + "." + e.getKey();
            if (!templates.knows(key)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "unknown_variable", "Không có biến " + key + " trong các mẫu.");
            }
            Object value = e.getValue();
            if (value instanceof String s && s.length() > MAX_VALUE) {
                throw ApiException.badRequest("Giá trị của biến " + key + " tối đa " + MAX_VALUE + " ký tự.");
            }
            int dot = key.indexOf('.');
            if (dot < 0) {
                context.put(key, value);
            } else {
                Object group = context.computeIfAbsent(key.substring(0, dot), k -> new HashMap<String, Object>());
                if (group instanceof Map<?, ?>) {
                    ((Map<String, Object>) group).put(key.substring(dot + 1), value);
                }
            }
        }
        return context;
    }

    private static Map<String, Object> flatten(String prefix, Map<String, ?> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v instanceof Map<?, ?> m) {
                @SuppressWarnings("unchecked") Map<String, ?> inner = (Map<String, ?>) m;
                out.putAll(flatten(prefix + k + ".", inner));
            } else {
                out.put(prefix + k, v == null ? "" : v instanceof List<?> ? v : String.valueOf(v));
            }
        });
        return out;
    }

    private static boolean given(Map<String, Object> context, String variable) {
        int dot = variable.indexOf('.');
        if (dot < 0) {
            return context.containsKey(variable);
        }
        return context.get(variable.substring(0, dot)) instanceof Map<?, ?> m && m.containsKey(variable.substring(dot + 1));
    }

    private void require(String name) {
        if (!templates.has(name)) {
            throw ApiException.notFound("Không có mẫu tin nhắn '" + vn.friendlygov.security.LogText.escape(name) + "'.");
        }
    }
}
