package vn.friendlygov.channel.web;

import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.db.Deadlocks;
import vn.friendlygov.db.Lanes;
import vn.friendlygov.unit.Unit;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Web chat messages are answered on lanes: the messages waiting on a lane are handled in one
 * transaction, so a busy website costs the database a few statements per batch rather than per
 * message. One conversation always uses the same lane, so its messages are answered in order.
 */
@Singleton
public class WebChat {
    private static final int MAX_BATCH = 32;

    private record Pending(ConversationService.Request request, CompletableFuture<ConversationService.Handled> answer) {
    }

    private final ConversationService conversations;
    private final Lanes<Pending> lanes;

    public WebChat(ConversationService conversations, @Value("${web-chat.lanes:4}") int laneCount) {
        this.conversations = conversations;
        this.lanes = new Lanes<>("web-chat", laneCount, MAX_BATCH, this::handle);
    }

    public CompletableFuture<ConversationService.Handled> answer(Unit unit, String conversationId, Inbound inbound) {
        Pending p = new Pending(new ConversationService.Request(unit, ChatController.CHANNEL, conversationId, inbound),
                new CompletableFuture<>());
        lanes.submit(unit.id() + "/" + conversationId, p);
        return p.answer();
    }

    private void handle(List<Pending> batch) {
        try {
            List<ConversationService.Handled> handled =
                    Deadlocks.retry(() -> conversations.handleAll(batch.stream().map(Pending::request).toList()));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(handled.get(i));
            }
        } catch (RuntimeException e) {
            if (batch.size() > 1) {
                // One message may be the cause: answer each alone so the others still get theirs.
                batch.forEach(p -> handle(List.of(p)));
            } else {
                batch.get(0).answer().completeExceptionally(e);
            }
        }
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        lanes.close();
    }
}
