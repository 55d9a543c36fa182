package vn.friendlygov.conversation;

/** Hands a conversation to an official (the handoff feature); the bot calls it when it stays unsure. */
public interface HumanHandoff {
    Outcome handOver(Turn turn, double confidence, boolean unsure);
}
