package vn.friendlygov.conversation;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import vn.friendlygov.channel.WebhookSettings;
import vn.friendlygov.knowledge.Aspect;
import vn.friendlygov.knowledge.EntryKind;
import vn.friendlygov.knowledge.KnowledgeEntry;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.knowledge.OutOfScopeTopic;
import vn.friendlygov.nlu.Analysis;
import vn.friendlygov.nlu.AspectDetector;
import vn.friendlygov.nlu.Band;
import vn.friendlygov.nlu.Candidate;
import vn.friendlygov.nlu.FollowUp;
import vn.friendlygov.template.Templates;
import vn.friendlygov.unit.UnitDirectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides the bot's answer to one message: a flow in progress, a tapped quick reply, a follow-up
 * on the current topic, or a classified question answered in one of three bands (answer / ask
 * which one / polite fallback).
 */
@Singleton
public class DialogueEngine {
    /** After this many unsure answers in a row the bot offers an official. */
    static final int UNSURE_LIMIT = 2;
    private static final int MAX_CLARIFY_CHOICES = 3;
    private static final List<String> MENU = List.of("khai-sinh", "ket-hon", "khai-tu", "chung-thuc-ban-sao",
            "cu-tru", "dia-chi-gio-lam-viec", "duong-day-nong", "dich-vu-cong-truc-tuyen", "phan-anh", "gap-can-bo");

    private final KnowledgeService knowledge;
    private final Templates templates;
    private final UnitDirectory units;
    private final Map<String, ActionHandler> actions = new HashMap<>();
    private final Map<String, ConversationFlow> flows = new HashMap<>();
    /** The handoff feature, when present: the bot hands over after UNSURE_LIMIT unsure answers in a row. */
    private final HumanHandoff handoff;
    private final int maxTextChars;

    public DialogueEngine(KnowledgeService knowledge, Templates templates, UnitDirectory units,
                          List<ActionHandler> actionHandlers, List<ConversationFlow> conversationFlows) {
        this(knowledge, templates, units, actionHandlers, conversationFlows, new WebhookSettings());
    }

    @Inject
    public DialogueEngine(KnowledgeService knowledge, Templates templates, UnitDirectory units,
                          List<ActionHandler> actionHandlers, List<ConversationFlow> conversationFlows, WebhookSettings settings) {
        this.maxTextChars = settings.getMaxTextChars();
        this.knowledge = knowledge;
        this.templates = templates;
        this.units = units;
        actionHandlers.forEach(h -> actions.put(h.actionId(), h));
        conversationFlows.forEach(f -> flows.put(f.name(), f));
        this.handoff = actionHandlers.stream().filter(HumanHandoff.class::isInstance).map(HumanHandoff.class::cast).findFirst().orElse(null);
    }

    public Outcome handle(Turn turn) {
        Conversation c = turn.conversation();
        Inbound in = turn.inbound();
        if (in.text() != null && in.text().codePointCount(0, in.text().length()) > maxTextChars) {
            // Kept whole in the inbox and the conversation; too long to classify or to file as a case in one go.
            return Outcome.of(new Match("action", "too-long", 1.0), Reply.of(render("replies.text_too_long", turn)));
        }
        ConversationFlow flow = c.getFlow() == null ? null : flows.get(c.getFlow());
        if (in.postback() != null) {
            // An active flow sees postbacks first: its own quick replies (e.g. "pa:...") come back to it.
            Optional<Outcome> step = flow == null ? Optional.empty() : flow.resume(turn);
            return step.orElseGet(() -> postback(turn, in.postback()));
        }
        if (flow != null) {
            Optional<Outcome> step = flow.resume(turn);
            if (step.isPresent()) {
                return step.get();
            }
            Outcome answer = understand(turn, in.text() == null ? "" : in.text());
            List<Reply> replies = new ArrayList<>(answer.replies());
            replies.add(flow.reminder(turn));
            return new Outcome(replies, answer.match());
        }
        if (in.text() == null || in.text().isBlank()) {
            return Outcome.of(Match.fallback(0), Reply.of(render("replies.attachment_only", turn)));
        }
        return understand(turn, in.text());
    }

    /** Classifies free text and answers it. */
    private Outcome understand(Turn turn, String text) {
        KnowledgeService.Snapshot kb = knowledge.current();
        Conversation c = turn.conversation();
        Analysis analysis = kb.model().analyze(text);
        List<Aspect> aspects = AspectDetector.detect(analysis);

        List<Candidate> ranked = kb.model().rank(analysis);
        // "còn lệ phí thì sao?" after khai sinh: the current topic, the aspect asked.
        Optional<KnowledgeEntry> topic = c.getTopicId() == null ? Optional.empty() : kb.base().entry(c.getTopicId());
        if (topic.isPresent() && FollowUp.staysOnTopic(analysis, ranked, topic.get().id(),
                id -> kb.model().names(analysis, id),
                id -> kb.base().entry(id).map(e -> e.kind() == EntryKind.INFO).orElse(false))) {
            if (topic.get().kind() == EntryKind.PROCEDURE) {
                c.setUnsureCount(0);
                return answerProcedure(turn, topic.get(), aspects, 1.0);
            }
            if (topic.get().kind() == EntryKind.INFO) {
                c.setUnsureCount(0);
                return answerInfo(turn, topic.get(), 1.0);
            }
        }

        java.util.function.Predicate<String> isProcedure = id -> kb.base().entry(id).map(e -> e.kind() == EntryKind.PROCEDURE).orElse(false);
        Candidate top = kb.model().preferNamed(analysis, ranked,
                isProcedure, id -> kb.base().entry(id).map(e -> e.kind() == EntryKind.INFO).orElse(false));
        Candidate withSection = withAskedSection(kb, analysis, ranked, top, aspects);
        if (withSection != null) {
            c.setUnsureCount(0);
            return answer(turn, kb.base().entry(withSection.id()).orElseThrow(), aspects, withSection.score());
        }
        if (top != ranked.get(0)) {
            c.setUnsureCount(0);
            return answer(turn, kb.base().entry(top.id()).orElseThrow(), aspects, top.score());
        }
        if (top.id().startsWith(KnowledgeService.OUT_OF_SCOPE)) {
            String topicId = top.id().substring(KnowledgeService.OUT_OF_SCOPE.length());
            Optional<String> redirect = kb.base().topic(topicId).map(OutOfScopeTopic::redirect);
            return fallback(turn, top.score(), redirect.orElse(null));
        }
        Band band = Band.of(ranked);
        if (band != Band.ANSWER && isProcedure.test(top.id()) && kb.model().names(analysis, top.id())) {
            // "khai tử trong bao nhiêu ngày", "rứa ai đứng ra đi khai tử được": the procedure ranked first is named by its keyword
            band = Band.ANSWER;
        }
        if (band == Band.ANSWER) {
            c.setUnsureCount(0);
            return answer(turn, kb.base().entry(top.id()).orElseThrow(), aspects, top.score());
        }
        if (band == Band.CLARIFY) {
            List<Reply.QuickReply> choices = new ArrayList<>();
            for (Candidate cand : ranked) {
                if (choices.size() == MAX_CLARIFY_CHOICES || cand.score() < Band.CLARIFY_THRESHOLD / 2) {
                    break;
                }
                kb.base().entry(cand.id()).ifPresent(e -> choices.add(new Reply.QuickReply(shortTitle(e), "kb:" + e.id())));
            }
            choices.add(new Reply.QuickReply("Không phải", "menu"));
            KnowledgeEntry best = kb.base().entry(top.id()).orElseThrow();
            return Outcome.of(Match.of(best, top.score()),
                    new Reply(render("replies.clarify", turn), choices));
        }
        return fallback(turn, top.score(), null);
    }

    /**
     * "hộ kinh doanh đóng thuế thế nào": a tax, a penalty or an amount is asked, the entry ranked first
     * has no such section and a close procedure named in the message has it: that one is meant.
     * Null when no such candidate.
     */
    private static Candidate withAskedSection(KnowledgeService.Snapshot kb, Analysis analysis, List<Candidate> ranked,
                                              Candidate top, List<Aspect> aspects) {
        List<Aspect> optional = aspects.stream().filter(Aspect::optional).toList();
        KnowledgeEntry first = kb.base().entry(top.id()).orElse(null);
        if (optional.isEmpty() || first == null || optional.stream().anyMatch(first.answers()::containsKey)) {
            return null;
        }
        for (int i = 0; i < Math.min(3, ranked.size()); i++) {
            Candidate cand = ranked.get(i);
            KnowledgeEntry e = kb.base().entry(cand.id()).orElse(null);
            if (cand != top && e != null && e.kind() == EntryKind.PROCEDURE && cand.score() >= top.score() / 2
                    && optional.stream().anyMatch(e.answers()::containsKey) && kb.model().names(analysis, cand.id())) {
                return cand;
            }
        }
        return null;
    }

    private Outcome answer(Turn turn, KnowledgeEntry entry, List<Aspect> aspects, double confidence) {
        return switch (entry.kind()) {
            case PROCEDURE -> {
                turn.conversation().setTopicId(entry.id());
                yield answerProcedure(turn, entry, aspects, confidence);
            }
            case INFO -> {
                turn.conversation().setTopicId(entry.id());
                yield answerInfo(turn, entry, confidence);
            }
            case ACTION -> action(turn, entry, confidence);
            case SMALLTALK -> smalltalk(turn, entry, confidence);
        };
    }

    /**
     * The sections that answer the aspects asked, at most two, and the optional ones asked that the
     * entry has no figure for. An optional part the entry has no section for is answered by a
     * section that speaks of it (its {@link Aspect#marker()}), the nearest first; when none does,
     * it is missing and the nearest section is shown after saying so. "Bao nhiêu tiền" matches both
     * a benefit's amount and a fee: the amount where the entry has one, else the fee.
     */
    record Sections(List<Aspect> shown, List<Aspect> missing) {
        static Sections of(KnowledgeEntry e, List<Aspect> asked) {
            List<Aspect> want = new ArrayList<>(asked);
            if (want.contains(Aspect.AMOUNT) && want.contains(Aspect.FEE)) {
                want.remove(e.answers().containsKey(Aspect.AMOUNT) ? Aspect.FEE : Aspect.AMOUNT);
            }
            List<Aspect> shown = new ArrayList<>(2);
            List<Aspect> missing = new ArrayList<>(1);
            for (Aspect a : want) {
                Aspect section = e.answers().containsKey(a) ? a : speakingOf(e, a);
                if (section == null) {
                    missing.add(a);
                    section = a.nearest();
                }
                if (!shown.contains(section) && shown.size() < 2) {
                    shown.add(section);
                }
            }
            return new Sections(shown.isEmpty() ? List.of(Aspect.DOCUMENTS) : shown, missing);
        }

        private static Aspect speakingOf(KnowledgeEntry e, Aspect optional) {
            if (e.answers().get(optional.nearest()).contains(optional.marker())) {
                return optional.nearest();
            }
            for (Aspect a : Aspect.values()) {
                if (!a.optional() && e.answers().get(a).contains(optional.marker())) {
                    return a;
                }
            }
            return null;
        }
    }

    private Outcome answerProcedure(Turn turn, KnowledgeEntry e, List<Aspect> aspects, double confidence) {
        return answerProcedure(e, aspects, confidence, a -> render("replies.no_figure_" + a.key(), turn));
    }

    /** The answer for the aspects asked; {@code noFigure} says that the entry has no figure for an optional aspect. */
    Outcome answerProcedure(KnowledgeEntry e, List<Aspect> aspects, double confidence, java.util.function.Function<Aspect, String> noFigure) {
        StringBuilder text = new StringBuilder();
        Sections sections = Sections.of(e, aspects);
        if (aspects.isEmpty()) {
            text.append(e.summary()).append("\n\n");
        }
        for (Aspect a : sections.missing()) {
            // Honest: the reviewed entry has no such figure; the nearest section follows.
            text.append(noFigure.apply(a)).append("\n\n");
        }
        for (Aspect a : sections.shown()) {
            text.append(e.answers().get(a)).append("\n\n");
        }
        List<Reply.QuickReply> more = new ArrayList<>();
        for (Aspect a : Aspect.values()) {
            if (!sections.shown().contains(a) && e.answers().containsKey(a)) {
                more.add(new Reply.QuickReply(a.label(), "kb:" + e.id() + ":" + a.key()));
            }
        }
        more.add(new Reply.QuickReply("Căn cứ pháp lý", "kb:" + e.id() + ":legal"));
        return Outcome.of(Match.of(e, confidence), new Reply(text.toString().strip(), more));
    }

    private Outcome answerInfo(Turn turn, KnowledgeEntry e, double confidence) {
        String text = e.infoTemplate().execute(UnitContext.of(turn.unit(), units)).strip();
        if (turn.unit().sample()) {
            text = text + "\n\n" + render("replies.sample_notice", turn);
        }
        return Outcome.of(Match.of(e, confidence),
                new Reply(text, List.of(new Reply.QuickReply("Thủ tục thường gặp", "menu"))));
    }

    private Outcome action(Turn turn, KnowledgeEntry e, double confidence) {
        ActionHandler handler = actions.get(e.id());
        if (handler != null) {
            return handler.handle(turn, confidence);
        }
        Match match = Match.of(e, confidence);
        if (e.id().equals("huy-nhan-tin")) {
            turn.conversation().setOptedOut(true);
            return Outcome.of(match, Reply.of(render("replies.unsubscribed", turn)));
        }
        String name = "replies.not_ready_" + e.id().replace('-', '_');
        return Outcome.of(match, Reply.of(render(templates.has(name) ? name : "replies.not_ready", turn)));
    }

    private Outcome smalltalk(Turn turn, KnowledgeEntry e, double confidence) {
        Match match = Match.of(e, confidence);
        if (e.id().equals("chao")) {
            return Outcome.of(match, new Reply(render("replies.greeting", turn), menuChoices()));
        }
        return Outcome.of(match, Reply.of(render("replies.thanks", turn)));
    }

    private Outcome fallback(Turn turn, double confidence, String redirect) {
        Conversation c = turn.conversation();
        c.setUnsureCount(c.getUnsureCount() + 1);
        List<Reply.QuickReply> choices = List.of(new Reply.QuickReply("Gặp cán bộ", "act:gap-can-bo"),
                new Reply.QuickReply("Thủ tục thường gặp", "menu"));
        String text;
        if (redirect != null) {
            text = redirect;
        } else if (c.getUnsureCount() >= UNSURE_LIMIT && handoff != null) {
            return handoff.handOver(turn, confidence, true);   // unsure twice in a row: a person takes over
        } else if (c.getUnsureCount() >= UNSURE_LIMIT) {
            text = render("replies.fallback_again", turn);
        } else {
            text = render("replies.fallback", turn);
        }
        return Outcome.of(Match.fallback(confidence), new Reply(text, choices));
    }

    /** Quick-reply payloads: "kb:<id>", "kb:<id>:<aspect>", "kb:<id>:legal", "act:<id>", "menu". */
    private Outcome postback(Turn turn, String payload) {
        KnowledgeService.Snapshot kb = knowledge.current();
        if (payload.equals("menu")) {
            return Outcome.of(new Match("action", "menu", 1.0), new Reply(render("replies.menu", turn), menuChoices()));
        }
        String[] parts = payload.split(":", 3);
        Optional<KnowledgeEntry> entry = parts.length >= 2 ? kb.base().entry(parts[1]) : Optional.empty();
        if (entry.isEmpty() || !(parts[0].equals("kb") || parts[0].equals("act"))) {
            return Outcome.of(Match.fallback(0), new Reply(render("replies.stale_choice", turn), menuChoices()));
        }
        KnowledgeEntry e = entry.get();
        if (parts.length == 3 && e.kind() == EntryKind.PROCEDURE) {
            turn.conversation().setTopicId(e.id());
            if (parts[2].equals("legal")) {
                String text = "Dạ, căn cứ pháp lý của thủ tục " + e.title() + ":\n- " + String.join("\n- ", e.legalBasis())
                        + "\n(Thông tin rà soát ngày " + e.reviewed().format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy")) + ".)";
                return Outcome.of(Match.of(e, 1.0), Reply.of(text));
            }
            Optional<Aspect> aspect = Aspect.fromKey(parts[2]);
            if (aspect.isPresent()) {
                return answerProcedure(turn, e, List.of(aspect.get()), 1.0);
            }
        }
        return answer(turn, e, List.of(), 1.0);
    }

    private List<Reply.QuickReply> menuChoices() {
        KnowledgeService.Snapshot kb = knowledge.current();
        List<Reply.QuickReply> out = new ArrayList<>();
        for (String id : MENU) {
            kb.base().entry(id).ifPresent(e -> out.add(new Reply.QuickReply(shortTitle(e),
                    (e.kind() == EntryKind.ACTION ? "act:" : "kb:") + e.id())));
        }
        return out;
    }

    /** Messenger's quick-reply titles hold 20 characters. */
    static String shortTitle(KnowledgeEntry e) {
        if (e.shortTitle() != null) {
            return e.shortTitle();
        }
        String t = e.title();
        if (t.length() <= 20) {
            return t;
        }
        int cut = t.lastIndexOf(' ', 19);
        return t.substring(0, cut > 0 ? cut : 19) + "…";
    }

    private String render(String name, Turn turn) {
        return templates.render(name, UnitContext.of(turn.unit(), units));
    }
}
