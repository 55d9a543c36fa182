package vn.friendlygov.conversation.handoff;

import jakarta.inject.Singleton;
import vn.friendlygov.conversation.ActionHandler;
import vn.friendlygov.conversation.HumanHandoff;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Outcome;
import vn.friendlygov.conversation.Turn;

/** "gặp cán bộ", "cho tôi nói chuyện với người thật", or the bot unsure twice: an official takes over. */
@Singleton
public class HandoffAction implements ActionHandler, HumanHandoff {
    public static final String ID = "gap-can-bo";

    private final HandoffService handoff;

    public HandoffAction(HandoffService handoff) {
        this.handoff = handoff;
    }

    @Override
    public String actionId() {
        return ID;
    }

    @Override
    public Outcome handle(Turn turn, double confidence) {
        return handOver(turn, confidence, false);
    }

    @Override
    public Outcome handOver(Turn turn, double confidence, boolean unsure) {
        return Outcome.of(new Match("action", ID, Match.round(confidence)),
                handoff.handOver(turn.unit(), turn.conversation(), turn.now(), unsure));
    }
}
