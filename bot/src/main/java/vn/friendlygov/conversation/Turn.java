package vn.friendlygov.conversation;

import vn.friendlygov.unit.Unit;

import java.time.Instant;

/** One inbound message being handled: who, where, what, when. */
public record Turn(Unit unit, Conversation conversation, Inbound inbound, Instant now) {
}
