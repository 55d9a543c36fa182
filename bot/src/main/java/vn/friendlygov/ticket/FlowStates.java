package vn.friendlygov.ticket;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import vn.friendlygov.conversation.Conversation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The ticket flow's state in {@link Conversation#getFlowState()}: a flat JSON object of strings. */
@Singleton
public class FlowStates {
    public static final String FLOW = "phan-anh";

    private final ObjectMapper json;

    public FlowStates(ObjectMapper json) {
        this.json = json;
    }

    /** The state when the ticket flow owns the conversation, else empty. */
    public Map<String, String> read(Conversation c) {
        if (!FLOW.equals(c.getFlow()) || c.getFlowState() == null) {
            return new HashMap<>();
        }
        try {
            return new HashMap<>(json.readValue(c.getFlowState(), Argument.mapOf(String.class, String.class)));
        } catch (IOException e) {
            return new HashMap<>();   // an unreadable state is dropped, the resident starts again
        }
    }

    public void write(Conversation c, Map<String, String> state) {
        try {
            c.setFlow(FLOW);
            c.setFlowState(json.writeValueAsString(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void clear(Conversation c) {
        c.setFlow(null);
        c.setFlowState(null);
    }
}
