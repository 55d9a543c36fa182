package vn.friendlygov.channel.web;

import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.consent.Consent;
import vn.friendlygov.consent.ConsentKeywords;
import vn.friendlygov.conversation.ConversationService;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Outcome;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.UnitContext;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "hủy nhận tin" / "STOP" / "đăng ký nhận tin" in the web chat, kept in the consent ledger as on the
 * platforms (InboxProcessor), so that every campaign message and letter to a web-chat resident is
 * checked against it at send time; the conversation's own flag follows the ledger.
 */
@Singleton
class WebConsent {
    /** A keyword message and what it asks: true to opt out, false to opt back in. */
    record Keyword(ConversationService.Request request, boolean optOut) {
    }

    private final Consent consent;
    private final ConversationService conversations;
    private final Templates templates;
    private final UnitDirectory units;
    private final JdbcOperations jdbc;
    private final Clock clock;

    WebConsent(Consent consent, ConversationService conversations, Templates templates, UnitDirectory units,
               JdbcOperations jdbc, Clock clock) {
        this.consent = consent;
        this.conversations = conversations;
        this.templates = templates;
        this.units = units;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The keyword's meaning if the message is one as a whole (postbacks never are). */
    static Optional<Boolean> keyword(ConversationService.Request r) {
        return r.inbound().postback() != null ? Optional.empty() : ConsentKeywords.match(r.inbound().text());
    }

    /** Records each change with its source, stores the message and the confirmation, and answers with it. */
    @Transactional
    List<ConversationService.Handled> record(List<Keyword> keywords) {
        Instant now = clock.instant();
        List<ConversationService.Aside> asides = new ArrayList<>(keywords.size());
        List<Outcome> outcomes = new ArrayList<>(keywords.size());
        for (Keyword k : keywords) {
            Unit unit = k.request().unit();
            String confirmation = templates.render(k.optOut() ? "consent.opted_out_web" : "consent.opted_in", UnitContext.of(unit, units));
            asides.add(new ConversationService.Aside(unit, ChatController.CHANNEL, k.request().channelUserId(),
                    k.request().inbound().text(), confirmation));
            outcomes.add(Outcome.of(new Match("action", k.optOut() ? "huy-nhan-tin" : "dang-ky-nhan-tin", 1.0), Reply.of(confirmation)));
        }
        conversations.recordAsides(asides);
        for (Keyword k : keywords) {
            change(k.request().unit(), k.request().channelUserId(), k.optOut(), Consent.KEYWORD, now);
        }
        List<ConversationService.Handled> out = new ArrayList<>(keywords.size());
        outcomes.forEach(o -> out.add(new ConversationService.Handled(null, o)));
        return out;
    }

    /** The dialogue understood a longer opt-out request ("cho tôi hủy nhận tin nhắn chúc mừng"). */
    @Transactional
    void understood(Unit unit, String conversationId) {
        change(unit, conversationId, true, Consent.CONVERSATION, clock.instant());
    }

    private void change(Unit unit, String conversationId, boolean optOut, String source, Instant now) {
        consent.set(unit.id(), ChatController.CHANNEL, conversationId, optOut, source, now);
        jdbc.prepareStatement("UPDATE conversation SET opted_out = ? WHERE unit_id = ? AND channel = ? AND channel_user_id = ?", ps -> {
            ps.setBoolean(1, optOut);
            ps.setLong(2, unit.id());
            ps.setString(3, ChatController.CHANNEL);
            ps.setString(4, conversationId);
            return ps.executeUpdate();
        });
    }
}
