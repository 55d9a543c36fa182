package vn.friendlygov.channel;

import io.micronaut.json.tree.JsonNode;

/** Reading platform JSON, where ids and timestamps may come as strings or numbers. */
public final class JsonFields {
    private JsonFields() {
    }

    /** The field as text, or null when the node or the field is absent or null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.coerceStringValue();
    }
}
