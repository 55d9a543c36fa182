package vn.friendlygov.conversation;

import io.micronaut.core.annotation.Nullable;
import vn.friendlygov.unit.Unit;

import java.time.Instant;

/**
 * One inbound message being handled: who, where, what, when. {@code clientAddress}: the web-chat
 * client's address (limits on new cases); null for messages relayed by a platform.
 */
public record Turn(Unit unit, Conversation conversation, Inbound inbound, Instant now, @Nullable String clientAddress) {

    public Turn(Unit unit, Conversation conversation, Inbound inbound, Instant now) {
        this(unit, conversation, inbound, now, null);
    }
}
