package vn.friendlygov.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import vn.friendlygov.api.ApiException;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body with typed reads: a value of the wrong type is a 400, a bad value a 422,
 * an unknown field a 400 (a typo must not be silently ignored). Nothing is written before every
 * field has been read, so a bad request leaves nothing half-written.
 */
final class Body {
    private final Map<String, Object> body;

    Body(@Nullable Map<String, Object> body, Set<String> allowed) {
        if (body == null) {
            throw ApiException.badRequest("Cần một đối tượng JSON.");
        }
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw ApiException.badRequest("Trường không được hỗ trợ: " + key + ".");
            }
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
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        if (t.length() > max) {
            throw invalid(field + " dài tối đa " + max + " ký tự.");
        }
        return t;
    }

    String required(String field, int max) {
        String s = string(field, max);
        if (s == null) {
            throw invalid("Cần nhập " + field + ".");
        }
        return s;
    }

    @Nullable Boolean bool(String field) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Boolean b)) {
            throw ApiException.badRequest(field + " phải là true hoặc false.");
        }
        return b;
    }

    @Nullable Integer integer(String field, int min, int max) {
        Object v = body.get(field);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw ApiException.badRequest(field + " phải là số nguyên.");
        }
        if (n.longValue() < min || n.longValue() > max) {
            throw invalid(field + " phải từ " + min + " đến " + max + ".");
        }
        return n.intValue();
    }

    /** A list of non-blank strings, each at most {@code max} long, duplicates dropped. */
    List<String> strings(String field, int max, int maxItems) {
        Object v = body.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof Collection<?> items)) {
            throw ApiException.badRequest(field + " phải là một danh sách.");
        }
        if (items.size() > maxItems) {
            throw invalid(field + " có tối đa " + maxItems + " mục.");
        }
        List<String> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof String s) || s.isBlank()) {
                throw ApiException.badRequest(field + " phải là danh sách chuỗi ký tự.");
            }
            if (s.strip().length() > max) {
                throw invalid("Mỗi mục của " + field + " dài tối đa " + max + " ký tự.");
            }
            if (!out.contains(s.strip())) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** A list of flat objects of strings (the leaders' phones: {"name","title","phone"}). */
    List<Map<String, String>> objects(String field, Set<String> keys, int max, int maxItems) {
        Object v = body.get(field);
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof Collection<?> items) || items.size() > maxItems) {
            throw ApiException.badRequest(field + " phải là danh sách tối đa " + maxItems + " mục.");
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> m)) {
                throw ApiException.badRequest(field + " phải là danh sách đối tượng.");
            }
            Map<String, String> entry = new java.util.LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!keys.contains(String.valueOf(e.getKey())) || !(e.getValue() instanceof String s)) {
                    throw ApiException.badRequest(field + ": mỗi mục chỉ gồm " + String.join(", ", keys) + " (chuỗi ký tự).");
                }
                if (s.strip().length() > max) {
                    throw invalid(field + ": mỗi giá trị dài tối đa " + max + " ký tự.");
                }
                if (!s.isBlank()) {
                    entry.put(String.valueOf(e.getKey()), s.strip());
                }
            }
            if (!entry.isEmpty()) {
                out.add(entry);
            }
        }
        return out;
    }

    static ApiException invalid(String message) {
        return new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, "validation_failed", message);
    }
}
