package vn.friendlygov.outbox;

/**
 * Why a message is sent, which decides the platform rules that apply: a bot REPLY (inside the
 * window), an official's HUMAN reply (Messenger HUMAN_AGENT up to 7 days), an UPDATE about the
 * resident's own case (acknowledgement, status, apology, rating question), a NOTIFICATION to an
 * official, or a PROMOTION (greetings, broadcasts: night ban on Zalo, opt-out honoured).
 */
public enum MessageKind {
    REPLY, HUMAN, UPDATE, NOTIFICATION, PROMOTION
}
