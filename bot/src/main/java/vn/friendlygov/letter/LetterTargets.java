package vn.friendlygov.letter;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.friendlygov.api.ApiException;
import vn.friendlygov.console.ConsoleCases;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.handoff.HandoffService;
import vn.friendlygov.security.Official;
import vn.friendlygov.ticket.Ticket;
import vn.friendlygov.ticket.TicketTexts;

/**
 * The resident a letter goes to, in the official's scope: the one of a case (the cases the official may
 * see, ConsoleScope in SQL) or of a conversation (the official's unit). Anything else is 404.
 */
@Singleton
public class LetterTargets {
    private final ConsoleCases cases;
    private final HandoffService conversations;
    private final TicketTexts texts;

    public LetterTargets(ConsoleCases cases, HandoffService conversations, TicketTexts texts) {
        this.cases = cases;
        this.conversations = conversations;
        this.texts = texts;
    }

    public Letters.Recipient ofTicket(Official me, String code, @Nullable String unit) {
        Ticket t = cases.find(me, code, unit);
        return new Letters.Recipient(t.getUnitId(), t.getChannel(), t.getChannelUserId(), t.getConversationId(), t.getId(), t.getCode(),
                texts.values(t));
    }

    public Letters.Recipient ofConversation(Official me, String id) {
        String s = id.strip();
        if (!s.matches("[0-9]{1,18}")) {
            throw ApiException.notFound("Không có cuộc trò chuyện " + vn.friendlygov.security.LogText.escape(s) + ".");
        }
        Conversation c = conversations.find(me, Long.parseLong(s));
        return new Letters.Recipient(c.getUnitId(), c.getChannel(), c.getChannelUserId(), c.getId(), null, null, null);
    }

    /** Exactly one of {@code ticket} (a case code) and {@code conversation} (its id). */
    public Letters.Recipient of(Official me, @Nullable Object ticket, @Nullable Object conversation, @Nullable String unit) {
        boolean hasTicket = ticket != null && !String.valueOf(ticket).isBlank();
        boolean hasConversation = conversation != null && !String.valueOf(conversation).isBlank();
        if (hasTicket == hasConversation) {
            throw ApiException.badRequest("Cho biết một trong hai: ticket (mã phản ánh) hoặc conversation (mã cuộc trò chuyện).");
        }
        if (hasTicket) {
            return ofTicket(me, String.valueOf(ticket), unit);
        }
        Object c = conversation instanceof Number n ? n.longValue() : conversation;
        return ofConversation(me, String.valueOf(c));
    }
}
