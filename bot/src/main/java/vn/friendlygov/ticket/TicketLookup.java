package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import vn.friendlygov.conversation.ActionHandler;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Outcome;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.Turn;
import vn.friendlygov.unit.Unit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "phản ánh của tôi đến đâu rồi", "PA-2026-000123 sao rồi": the status of the resident's own
 * cases only. Another resident's code gets the same polite "not found" as a code that does not exist.
 */
@Singleton
public class TicketLookup implements ActionHandler {
    private static final int LISTED = 5;

    private final TicketRepository tickets;
    private final TicketTexts texts;

    public TicketLookup(TicketRepository tickets, TicketTexts texts) {
        this.tickets = tickets;
        this.texts = texts;
    }

    @Override
    public String actionId() {
        return "tra-cuu-phan-anh";
    }

    @Override
    public Outcome handle(Turn turn, double confidence) {
        Unit unit = turn.unit();
        Conversation c = turn.conversation();
        Match match = new Match("action", "tra-cuu-phan-anh", Match.round(confidence));
        String text = turn.inbound().text() == null ? "" : turn.inbound().text();
        Optional<String> code = ResidentText.code(text);
        if (code.isPresent()) {
            Optional<Ticket> t = tickets.findByUnitIdAndCode(unit.id(), code.get())
                    .filter(x -> x.getChannel().equals(c.getChannel()) && x.getChannelUserId().equals(c.getChannelUserId()));
            return Outcome.of(match, t.map(x -> Reply.of(texts.render("tickets.status", unit, x)))
                    .orElseGet(() -> Reply.of(texts.render("tickets.not_found", unit, Map.of("code", code.get())))));
        }
        if (ResidentText.looksLikeCode(text)) {
            return Outcome.of(match, Reply.of(texts.render("tickets.code_hint", unit)));
        }
        List<Ticket> own = tickets.findByUnitIdAndChannelAndChannelUserIdOrderByCreatedAtDesc(unit.id(), c.getChannel(),
                c.getChannelUserId());
        if (own.isEmpty()) {
            return Outcome.of(match, new Reply(texts.render("tickets.none", unit),
                    List.of(new Reply.QuickReply("Gửi phản ánh", "act:phan-anh"))));
        }
        List<Map<String, Object>> items = own.stream().limit(LISTED).map(texts::values).toList();
        return Outcome.of(match, Reply.of(texts.render("tickets.list", unit, Map.of("items", items))));
    }
}
