package vn.friendlygov.conversation;

import java.util.List;

/** The bot's answer to one inbound message. */
public record Outcome(List<Reply> replies, Match match) {
    public static Outcome of(Match match, Reply... replies) {
        return new Outcome(List.of(replies), match);
    }
}
