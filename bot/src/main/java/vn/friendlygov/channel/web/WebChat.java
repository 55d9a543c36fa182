package vn.friendlygov.channel.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.db.Deadlocks;
import vn.friendlygov.db.Lanes;
import vn.friendlygov.unit.Unit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Web chat messages are answered on lanes: the messages waiting on a lane are handled in one
 * transaction, so a busy website costs the database a few statements per batch rather than per
 * message. One conversation always uses the same lane, so its messages are answered in order.
 */
@Singleton
public class WebChat {
    private static final int MAX_BATCH = 32;

    /** {@code fresh}: the server has just issued the id, so its conversation is created; otherwise it must exist. */
    private record Pending(ConversationService.Request request, boolean fresh,
                           CompletableFuture<ConversationService.Handled> answer) {
    }

    private final ConversationService conversations;
    private final WebConversationRepository issued;
    private final WebConsent consent;
    private final Lanes<Pending> lanes;

    public WebChat(ConversationService conversations, WebConversationRepository issued, WebConsent consent,
                   WebChatSettings settings) {
        this.conversations = conversations;
        this.issued = issued;
        this.consent = consent;
        this.lanes = new Lanes<>("web-chat", settings.getLanes(), MAX_BATCH, this::handle);
    }

    /**
     * The answer to a message; for a conversation the server did not issue (not fresh and not
     * found) the answer fails with 404 {@code unknown_conversation} and nothing is stored.
     */
    public CompletableFuture<ConversationService.Handled> answer(Unit unit, String conversationId, boolean fresh,
                                                                 Inbound inbound, String clientAddress) {
        Pending p = new Pending(new ConversationService.Request(unit, ChatController.CHANNEL, conversationId, inbound,
                clientAddress), fresh, new CompletableFuture<>());
        lanes.submit(unit.id() + "/" + conversationId, p);
        return p.answer();
    }

    private void handle(List<Pending> pending) {
        List<Pending> batch = refuseUnknown(pending);
        if (batch.isEmpty()) {
            return;
        }
        try {
            // Consent keywords are answered aside, as on the platforms; the rest go to the dialogue.
            List<Pending> keywords = batch.stream().filter(p -> WebConsent.keyword(p.request()).isPresent()).toList();
            List<Pending> questions = batch.stream().filter(p -> WebConsent.keyword(p.request()).isEmpty()).toList();
            List<ConversationService.Handled> confirmed = keywords.isEmpty() ? List.of() : Deadlocks.retry(() -> consent.record(
                    keywords.stream().map(p -> new WebConsent.Keyword(p.request(), WebConsent.keyword(p.request()).orElseThrow())).toList()));
            List<ConversationService.Handled> handled = questions.isEmpty() ? List.of()
                    : Deadlocks.retry(() -> conversations.handleAll(questions.stream().map(Pending::request).toList()));
            for (int i = 0; i < questions.size(); i++) {
                ConversationService.Handled h = handled.get(i);
                if (h.outcome().match() != null && "huy-nhan-tin".equals(h.outcome().match().id())) {
                    consent.understood(questions.get(i).request().unit(), questions.get(i).request().channelUserId());
                }
            }
            for (int i = 0; i < keywords.size(); i++) {
                keywords.get(i).answer().complete(confirmed.get(i));
            }
            for (int i = 0; i < questions.size(); i++) {
                questions.get(i).answer().complete(handled.get(i));
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

    /** Fails the messages whose conversation the server never issued (one query per batch); the others, in order. */
    private List<Pending> refuseUnknown(List<Pending> batch) {
        List<Pending> continuing = batch.stream().filter(p -> !p.fresh()).toList();
        if (continuing.isEmpty()) {
            return batch;
        }
        Set<String> known = new HashSet<>();
        try {
            for (Conversation c : issued.findIssued(continuing.stream().map(p -> p.request().unit().id()).collect(Collectors.toSet()),
                    continuing.stream().map(p -> p.request().channelUserId()).collect(Collectors.toSet()))) {
                known.add(c.getUnitId() + "/" + c.getChannelUserId());
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.answer().completeExceptionally(e));
            return List.of();
        }
        List<Pending> out = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            if (p.fresh() || known.contains(p.request().unit().id() + "/" + p.request().channelUserId())) {
                out.add(p);
            } else {
                p.answer().completeExceptionally(unknownConversation());
            }
        }
        return out;
    }

    static ApiException unknownConversation() {
        return new ApiException(HttpStatus.NOT_FOUND, "unknown_conversation",
                "Không tìm thấy cuộc trò chuyện này. Anh/chị vui lòng tải lại trang để bắt đầu cuộc trò chuyện mới ạ.");
    }

    @EventListener
    void onShutdown(ShutdownEvent event) {
        lanes.close();
    }
}
