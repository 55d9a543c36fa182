package vn.friendlygov.conversation;

import io.micronaut.serde.annotation.Serdeable;

/** What a message was taken as: kind is procedure, info, action, smalltalk or fallback. */
@Serdeable
public record Match(String kind, String id, double confidence) {
    public static Match fallback(double confidence) {
        return new Match("fallback", "fallback", round(confidence));
    }

    public static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }
}
