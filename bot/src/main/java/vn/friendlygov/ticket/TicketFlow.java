package vn.friendlygov.ticket;

import jakarta.inject.Singleton;
import vn.friendlygov.conversation.ActionHandler;
import vn.friendlygov.conversation.Conversation;
import vn.friendlygov.conversation.ConversationFlow;
import vn.friendlygov.conversation.Inbound;
import vn.friendlygov.conversation.Match;
import vn.friendlygov.conversation.Outcome;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.conversation.Turn;
import vn.friendlygov.knowledge.KnowledgeService;
import vn.friendlygov.nlu.Candidate;
import vn.friendlygov.nlu.VietnameseText;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The complaint intake (what → where → photo → phone → confirm) and, once an official has
 * answered, the satisfaction question. Quick-reply payloads start with "pa:"; every choice can
 * also be typed ("có", "hủy", "bỏ qua", "1", "hài lòng"). "hủy" cancels at any step. A question
 * in the middle is left to the engine, which answers it and appends {@link #reminder}.
 */
@Singleton
public class TicketFlow implements ConversationFlow, ActionHandler {
    static final String STEP = "step";
    static final String CODE = "code";
    static final String DESCRIBE = "describe";
    static final String WHERE = "area";
    static final String PICTURE = "photo";
    static final String CONTACT = "phone";
    static final String CONFIRM = "confirm";
    static final String RATE = "rate";
    static final String COMMENT = "comment";
    private static final String KIND = "kind";
    private static final String TEXT = "text";
    private static final String AREA = "areaName";
    private static final String LAT = "lat";
    private static final String LON = "lon";
    private static final String PHOTO = "photoUrl";
    private static final String PHONE = "phoneNumber";

    static final String PREFIX = "pa:";
    private static final String CANCEL = "pa:cancel";
    private static final String SKIP = "pa:skip";
    private static final String SUBMIT = "pa:confirm";
    private static final String AREA_CHOICE = "pa:area:";
    private static final String RATE_CHOICE = "pa:rate:";
    /** Words that only say "I want to file something"; what is left, if long enough, is the description. */
    private static final Set<String> FILLER = Set.of("toi", "em", "e", "minh", "chung", "muon", "can", "gui", "cho", "phan",
            "anh", "kien", "nghi", "gop", "y", "dong", "khieu", "nai", "to", "cao", "ve", "viec", "don", "ad", "admin", "oi",
            "a", "xin", "duoc", "dc", "voi", "ubnd", "xa", "phuong", "mot", "1", "nhe", "nha", "co", "the", "lam", "sao",
            "de", "nao", "hoi", "chut", "giup", "ak", "ah", "bao", "thong", "tin", "van", "len", "gi");
    private static final double OTHER_TOPIC_CONFIDENCE = 0.40;

    private final TicketService service;
    private final TicketRepository tickets;
    private final FlowStates states;
    private final TicketTexts texts;
    private final UnitDirectory units;
    private final KnowledgeService knowledge;

    public TicketFlow(TicketService service, TicketRepository tickets, FlowStates states, TicketTexts texts,
                      UnitDirectory units, KnowledgeService knowledge) {
        this.service = service;
        this.tickets = tickets;
        this.states = states;
        this.texts = texts;
        this.units = units;
        this.knowledge = knowledge;
    }

    @Override
    public String name() {
        return FlowStates.FLOW;
    }

    @Override
    public String actionId() {
        return "phan-anh";
    }

    /** The classifier recognised a complaint: start the intake, using the message as the description when it is one. */
    @Override
    public Outcome handle(Turn turn, double confidence) {
        Unit unit = turn.unit();
        Conversation c = turn.conversation();
        Match match = new Match("action", "phan-anh", Match.round(confidence));
        Optional<TicketService.NewCaseLimit> limit = service.newCaseLimit(unit, c, turn.clientAddress(), turn.now());
        if (limit.isPresent()) {
            return Outcome.of(match, Reply.of(limitReached(unit, limit.get())));
        }
        String text = turn.inbound().text() == null ? "" : turn.inbound().text().strip();
        TicketKind kind = TicketKind.detect(ResidentText.folded(text));
        Map<String, String> state = new HashMap<>();
        state.put(KIND, kind.name());
        List<Reply> replies = new ArrayList<>();
        if (kind.formal()) {
            replies.add(Reply.of(texts.render(kind == TicketKind.KHIEU_NAI ? "tickets.guidance_khieu_nai" : "tickets.guidance_to_cao", unit)));
        }
        List<String> notices = new ArrayList<>();
        takeAttachments(turn, state, notices);
        if (isDescription(text)) {
            state.put(TEXT, text);
            described(unit, state, text);
        } else {
            state.put(STEP, DESCRIBE);
        }
        states.write(c, state);
        replies.add(prompt(unit, state, notices));
        return new Outcome(replies, match);
    }

    @Override
    public Optional<Outcome> resume(Turn turn) {
        Conversation c = turn.conversation();
        Map<String, String> state = states.read(c);
        String step = state.get(STEP);
        if (step == null) {
            states.clear(c);
            return Optional.empty();
        }
        Inbound in = turn.inbound();
        String postback = in.postback();
        String text = in.text() == null ? "" : in.text().strip();
        if (postback != null) {
            if (!postback.startsWith(PREFIX)) {
                return Optional.empty();
            }
            if (postback.startsWith(RATE_CHOICE)) {
                return Optional.of(rateChoice(turn, state, postback.substring(RATE_CHOICE.length())));
            }
        }
        if (CANCEL.equals(postback) || ResidentText.isCancel(text)) {
            return Optional.of(cancel(turn, step));
        }
        return switch (step) {
            case RATE -> rate(turn, state, text);
            case COMMENT -> comment(turn, state, postback, text);
            default -> intake(turn, state, step, postback, text);
        };
    }

    private Optional<Outcome> intake(Turn turn, Map<String, String> state, String step, String postback, String text) {
        Unit unit = turn.unit();
        List<String> notices = new ArrayList<>();
        boolean gotPhoto = takeAttachments(turn, state, notices);
        if (!text.isEmpty() && postback == null && otherTopic(text)) {
            return Optional.empty();
        }
        switch (step) {
            case DESCRIBE -> {
                if (!text.isEmpty()) {
                    state.put(TEXT, text);
                    TicketKind kind = TicketKind.detect(ResidentText.folded(text));
                    if (kind.formal() && !kind.name().equals(state.get(KIND))) {
                        state.put(KIND, kind.name());
                        notices.add(texts.render(kind == TicketKind.KHIEU_NAI ? "tickets.guidance_khieu_nai"
                                : "tickets.guidance_to_cao", unit));
                    }
                    described(unit, state, text);
                }
            }
            case WHERE -> {
                String area = area(turn, postback, text);
                if (turn.inbound().location() != null) {
                    state.put(LAT, String.valueOf(turn.inbound().location().latitude()));
                    state.put(LON, String.valueOf(turn.inbound().location().longitude()));
                }
                if (area != null) {
                    state.put(AREA, area);
                    state.put(STEP, state.containsKey(PHOTO) ? CONTACT : PICTURE);
                }
            }
            case PICTURE -> {
                if (gotPhoto || SKIP.equals(postback) || ResidentText.isSkip(text)) {
                    state.put(STEP, CONTACT);
                }
            }
            case CONTACT -> {
                Optional<String> phone = ResidentText.phone(text);
                if (phone.isPresent()) {
                    state.put(PHONE, phone.get());
                    state.put(STEP, CONFIRM);
                } else if (SKIP.equals(postback) || ResidentText.isSkip(text)) {
                    state.put(STEP, CONFIRM);
                } else if (!text.isEmpty()) {
                    notices.add(texts.render("tickets.phone_invalid", unit));
                }
            }
            case CONFIRM -> {
                if (SUBMIT.equals(postback) || ResidentText.isYes(text)) {
                    return Optional.of(submit(turn, state));
                }
                if (ResidentText.isSkip(text)) {
                    return Optional.of(cancel(turn, step));
                }
            }
            default -> state.put(STEP, DESCRIBE);
        }
        states.write(turn.conversation(), state);
        return Optional.of(Outcome.of(match(), prompt(unit, state, notices)));
    }

    /** Photos are kept (the first one); other attachments are refused politely. True when a photo arrived now. */
    private boolean takeAttachments(Turn turn, Map<String, String> state, List<String> notices) {
        boolean photo = false;
        boolean refused = false;
        for (Inbound.Attachment a : turn.inbound().attachments()) {
            if (("image".equals(a.type()) || "photo".equals(a.type())) && a.url() != null) {
                state.putIfAbsent(PHOTO, a.url());
                photo = true;
            } else {
                refused = true;
            }
        }
        if (refused) {
            notices.add(texts.render("tickets.attachment_refused", turn.unit()));
        }
        return photo;
    }

    /** After the description: skip "where?" when it already names one of the unit's thôn / tổ dân phố. */
    private void described(Unit unit, Map<String, String> state, String text) {
        String folded = " " + ResidentText.folded(text) + " ";
        for (String a : units.areas(unit)) {
            if (folded.contains(" " + ResidentText.folded(a) + " ")) {
                state.put(AREA, a);
                state.put(STEP, state.containsKey(PHOTO) ? CONTACT : PICTURE);
                return;
            }
        }
        state.put(STEP, WHERE);
    }

    private String area(Turn turn, String postback, String text) {
        List<String> known = units.areas(turn.unit());
        if (postback != null && postback.startsWith(AREA_CHOICE)) {
            try {
                return known.get(Integer.parseInt(postback.substring(AREA_CHOICE.length())));
            } catch (RuntimeException e) {
                return null;   // a stale choice: ask again
            }
        }
        if (!text.isEmpty()) {
            String folded = ResidentText.folded(text);
            for (String a : known) {
                if (folded.equals(ResidentText.folded(a))) {
                    return a;
                }
            }
            return text.length() > 300 ? text.substring(0, 300) : text;
        }
        return turn.inbound().location() != null ? "Vị trí đã chia sẻ" : null;
    }

    private Outcome submit(Turn turn, Map<String, String> state) {
        Unit unit = turn.unit();
        Conversation c = turn.conversation();
        Optional<TicketService.NewCaseLimit> limit = service.newCaseLimit(unit, c, turn.clientAddress(), turn.now());
        if (limit.isPresent()) {
            finish(turn);
            return Outcome.of(match(), Reply.of(limitReached(unit, limit.get())));
        }
        TicketService.Intake intake = new TicketService.Intake(TicketKind.valueOf(state.get(KIND)), state.get(TEXT),
                state.get(AREA), number(state.get(LAT)), number(state.get(LON)), state.get(PHOTO), state.get(PHONE));
        Ticket t = service.create(unit, c, intake, turn.clientAddress(), turn.now());
        finish(turn);
        return Outcome.of(new Match("action", "phan-anh", 1.0), Reply.of(texts.render("tickets.received", unit, t)));
    }

    private Outcome cancel(Turn turn, String step) {
        finish(turn);
        boolean rating = RATE.equals(step) || COMMENT.equals(step);
        return Outcome.of(match(), Reply.of(texts.render(rating ? "tickets.rating_skipped" : "tickets.cancelled", turn.unit())));
    }

    /** Ends the current step; a case still waiting for its rating takes the conversation back. */
    private void finish(Turn turn) {
        Conversation c = turn.conversation();
        Optional<Ticket> unrated = tickets.findByUnitIdAndChannelAndChannelUserIdOrderByCreatedAtDesc(turn.unit().id(),
                        c.getChannel(), c.getChannelUserId()).stream()
                .filter(t -> t.statusValue() == TicketStatus.ANSWERED && t.getRating() == null).findFirst();
        if (unrated.isPresent()) {
            states.write(c, Map.of(STEP, RATE, CODE, unrated.get().getCode()));
        } else {
            states.clear(c);
        }
    }

    // ---- rating ----

    static List<Reply.QuickReply> ratingChoices(String code) {
        return List.of(new Reply.QuickReply("Hài lòng", RATE_CHOICE + code + ":1"),
                new Reply.QuickReply("Bình thường", RATE_CHOICE + code + ":2"),
                new Reply.QuickReply("Không hài lòng", RATE_CHOICE + code + ":3"));
    }

    private Outcome rateChoice(Turn turn, Map<String, String> state, String codeAndChoice) {
        int colon = codeAndChoice.lastIndexOf(':');
        if (colon < 0) {
            return Outcome.of(match(), Reply.of(texts.render("tickets.rating_done", turn.unit())));
        }
        int choice = codeAndChoice.charAt(colon + 1) - '1';
        String rating = choice >= 0 && choice < 3 ? TicketService.RATINGS.get(choice) : null;
        return rateTicket(turn, state, codeAndChoice.substring(0, colon), rating);
    }

    private Optional<Outcome> rate(Turn turn, Map<String, String> state, String text) {
        Optional<String> rating = ResidentText.rating(text);
        if (rating.isEmpty()) {
            // Anything else (a question, a new complaint) goes to the engine; the rating question follows it.
            return text.isEmpty() ? Optional.of(Outcome.of(match(), reminder(turn))) : Optional.empty();
        }
        return Optional.of(rateTicket(turn, state, state.get(CODE), rating.get()));
    }

    private Outcome rateTicket(Turn turn, Map<String, String> state, String code, String rating) {
        Unit unit = turn.unit();
        Optional<Ticket> t = ownTicket(turn, code);
        if (rating == null || t.isEmpty() || !service.rate(unit, t.get(), rating, turn.now())) {
            if (RATE.equals(state.get(STEP))) {
                finish(turn);
            }
            return Outcome.of(match(), Reply.of(texts.render("tickets.rating_done", unit)));
        }
        String step = state.get(STEP);
        if (step == null || RATE.equals(step)) {
            states.write(turn.conversation(), Map.of(STEP, COMMENT, CODE, code));
            return Outcome.of(match(), new Reply(texts.render(TicketService.KHONG_HAI_LONG.equals(rating)
                    ? "tickets.rating_sorry" : "tickets.rating_thanks", unit), List.of(new Reply.QuickReply("Bỏ qua", SKIP))));
        }
        // Rated with a button in the middle of another intake: thank, and carry on with the intake.
        return new Outcome(List.of(Reply.of(texts.render("tickets.rating_recorded", unit)), reminder(turn)), match());
    }

    private Optional<Outcome> comment(Turn turn, Map<String, String> state, String postback, String text) {
        if (!SKIP.equals(postback) && !ResidentText.isSkip(text)) {
            if (text.isEmpty()) {
                return Optional.of(Outcome.of(match(), reminder(turn)));
            }
            if (otherTopic(text)) {
                return Optional.empty();
            }
            ownTicket(turn, state.get(CODE)).ifPresent(t -> service.comment(t, text, turn.now()));
        }
        finish(turn);
        return Optional.of(Outcome.of(match(), Reply.of(texts.render("tickets.comment_thanks", turn.unit()))));
    }

    private Optional<Ticket> ownTicket(Turn turn, String code) {
        Conversation c = turn.conversation();
        return code == null ? Optional.empty() : tickets.findByUnitIdAndCode(turn.unit().id(), code)
                .filter(t -> t.getChannel().equals(c.getChannel()) && t.getChannelUserId().equals(c.getChannelUserId()));
    }

    // ---- prompts ----

    @Override
    public Reply reminder(Turn turn) {
        Map<String, String> state = states.read(turn.conversation());
        String step = state.getOrDefault(STEP, DESCRIBE);
        return new Reply(texts.render("tickets.resume_" + step, turn.unit(), Map.of(CODE, state.getOrDefault(CODE, ""))),
                choices(turn.unit(), state));
    }

    private Reply prompt(Unit unit, Map<String, String> state, List<String> notices) {
        String step = state.get(STEP);
        StringBuilder text = new StringBuilder();
        notices.forEach(n -> text.append(n).append("\n\n"));
        if (CONFIRM.equals(step)) {
            String description = state.get(TEXT);
            Map<String, Object> values = new HashMap<>();
            values.put("kindLabel", TicketKind.valueOf(state.get(KIND)).label());
            // Phone numbers the resident typed are never shown back (a shared or borrowed screen, a screenshot).
            values.put("description", texts.chatText(ResidentText.maskPhones(description)));
            values.put("area", ResidentText.maskPhones(state.getOrDefault(AREA, "")));
            values.put("photo", state.containsKey(PHOTO) ? "có" : "không");
            values.put("phone", state.containsKey(PHONE) ? ResidentText.maskPhones(state.get(PHONE)) : "");
            text.append(texts.render("tickets.confirm", unit, Map.of("t", values)));
            if (texts.isLong(description)) {
                text.append("\n\n").append(texts.render("tickets.trimmed_notice", unit, Map.of("max", texts.maxChars())));
            }
        } else {
            text.append(texts.render("tickets.ask_" + step, unit));
        }
        return new Reply(text.toString().strip(), choices(unit, state));
    }

    private List<Reply.QuickReply> choices(Unit unit, Map<String, String> state) {
        List<Reply.QuickReply> out = new ArrayList<>();
        switch (state.getOrDefault(STEP, DESCRIBE)) {
            case WHERE -> {
                List<String> areas = units.areas(unit);
                for (int i = 0; i < areas.size() && i < 11; i++) {
                    out.add(new Reply.QuickReply(areas.get(i), AREA_CHOICE + i));
                }
            }
            case PICTURE, CONTACT -> out.add(new Reply.QuickReply("Bỏ qua", SKIP));
            case CONFIRM -> out.add(new Reply.QuickReply("Gửi phản ánh", SUBMIT));
            case RATE -> {
                return ratingChoices(state.get(CODE));
            }
            case COMMENT -> {
                return List.of(new Reply.QuickReply("Bỏ qua", SKIP));
            }
            default -> {
            }
        }
        out.add(new Reply.QuickReply("Hủy", CANCEL));
        return out;
    }

    // ---- understanding ----

    /** "tôi muốn phản ánh" says nothing yet; "đèn đường ngõ 5 bị hỏng" is already the description. */
    static boolean isDescription(String text) {
        int meaningful = 0;
        for (String w : VietnameseText.words(ResidentText.folded(text))) {
            if (!FILLER.contains(w)) {
                meaningful++;
            }
        }
        return meaningful >= 3;
    }

    /** A question about something else (answered by the engine, then the intake resumes), or a case code. */
    private boolean otherTopic(String text) {
        if (ResidentText.looksLikeCode(text)) {
            // a code, or one typed short ("còn cái phản ánh PA-26-123 thì sao") while filing: a case asked
            // about, not this case's address
            return true;
        }
        if (!ResidentText.isQuestion(text)) {
            return false;
        }
        KnowledgeService.Snapshot kb = knowledge.current();
        Candidate top = kb.model().rank(kb.model().analyze(text)).get(0);
        return top.score() >= OTHER_TOPIC_CONFIDENCE && !top.id().equals("phan-anh");
    }

    private String limitReached(Unit unit, TicketService.NewCaseLimit limit) {
        return switch (limit) {
            case RESIDENT -> texts.render("tickets.daily_limit", unit, Map.of("max", texts.maxPerDay()));
            case ADDRESS -> texts.render("tickets.daily_limit_address", unit);
            case UNIT -> texts.render("tickets.daily_limit_unit", unit);
        };
    }

    private static Double number(String s) {
        return s == null ? null : Double.valueOf(s);
    }

    private static Match match() {
        return new Match("action", "phan-anh", 1.0);
    }
}
