package vn.friendlygov.notify;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import vn.friendlygov.BotSettings;
import vn.friendlygov.channel.Channels;
import vn.friendlygov.channel.Follower;
import vn.friendlygov.channel.FollowerRepository;
import vn.friendlygov.channel.zalo.ZaloConfig;
import vn.friendlygov.conversation.Reply;
import vn.friendlygov.outbox.MessageKind;
import vn.friendlygov.outbox.OutboundMessage;
import vn.friendlygov.outbox.Outbox;
import vn.friendlygov.security.Official;
import vn.friendlygov.security.OfficialRepository;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitDirectory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The one way anything reaches an official: a new case, a waiting conversation, a reminder, an
 * escalation, a dissatisfied resident, the weekly digest. Every notification
 * <ol>
 *   <li>goes into the console list ({@code notification}, unread; {@code GET /api/v1/notifications}),</li>
 *   <li>is e-mailed when the official has an address and e-mail is configured (an outbox row on the
 *   "email" channel: durable, retried while the SMTP server is down), and</li>
 *   <li>goes to the official's Zalo (or else Messenger) only while that official's own window with the
 *   unit's OA or page is open (Zalo: their last message within the consultation window, 7 days;
 *   Messenger: 24 hours) — outside it the platform would refuse it, so it is not queued.</li>
 * </ol>
 * All in the caller's transaction: the notification exists exactly when the change it announces
 * does. The same dedupe key twice is one notification (and one e-mail, one chat message).
 */
@Singleton
public class OfficialNotifier {
    /** E-mail bodies stay in one outbox row (the platforms' 2,000-character split does not apply to them). */
    static final int MAX_EMAIL_BODY = 1700;
    static final int MAX_SUBJECT = 300;
    private static final Duration MESSENGER_WINDOW = Duration.ofHours(24);

    private final NotificationRepository notifications;
    private final OfficialRepository officials;
    private final FollowerRepository followers;
    private final UnitDirectory units;
    private final Outbox outbox;
    private final NotifyConfig config;
    private final ZaloConfig zalo;
    private final Clock clock;
    private final String defaultUnit;

    public OfficialNotifier(NotificationRepository notifications, OfficialRepository officials, FollowerRepository followers,
                            UnitDirectory units, Outbox outbox, NotifyConfig config, ZaloConfig zalo, Clock clock,
                            BotSettings settings) {
        this.notifications = notifications;
        this.officials = officials;
        this.followers = followers;
        this.units = units;
        this.outbox = outbox;
        this.config = config;
        this.zalo = zalo;
        this.clock = clock;
        this.defaultUnit = settings.getDefaultUnit();
    }

    /** Where one notification went. */
    public record Sent(boolean console, boolean email, @Nullable String chat) {
    }

    /** A notification that is never a repeat (each call is a new one). */
    @Transactional
    public Sent notify(long officialId, NotificationKind kind, String subject, String text, @Nullable String link) {
        return notify(officialId, kind, subject, text, link, "notify:" + UUID.randomUUID());
    }

    /**
     * {@code dedupeKey}: the same key again (a retried job, a redelivered event) changes nothing.
     * {@code link}: a console path such as "/console/tickets/PA-2026-000123" (made absolute in
     * e-mails with {@code notify.base-url}). A disabled or unknown official gets nothing.
     */
    @Transactional
    public Sent notify(long officialId, NotificationKind kind, String subject, String text, @Nullable String link,
                       String dedupeKey) {
        return notify(officialId, kind, subject, text, link, dedupeKey, null);
    }

    /** {@code about}: the case the notification concerns, so the case's deliveries list its e-mail and chat message. */
    @Transactional
    public Sent notify(long officialId, NotificationKind kind, String subject, String text, @Nullable String link,
                       String dedupeKey, OutboundMessage.@Nullable About about) {
        Optional<Official> found = officials.findById(officialId);
        if (found.isEmpty() || !found.get().active()) {
            return new Sent(false, false, null);
        }
        Official o = found.get();
        Instant now = clock.instant();
        String s = clip(subject.replaceAll("[\\r\\n]+", " ").strip(), MAX_SUBJECT);
        if (notifications.insertIgnore(o.id(), o.unitId(), kind.name(), s, text, link, dedupeKey, now) == 0) {
            return new Sent(false, false, null);   // already notified
        }
        Optional<Unit> unit = unitOf(o);
        if (unit.isEmpty()) {
            return new Sent(true, false, null);
        }
        List<OutboundMessage> out = new ArrayList<>(2);
        boolean email = config.getEmail().isEnabled() && o.email() != null && !o.email().isBlank();
        if (email) {
            String body = clip(text, MAX_EMAIL_BODY) + (link == null ? "" : "\n\n" + config.getBaseUrl() + link);
            out.add(new OutboundMessage(unit.get().id(), EmailChannel.CHANNEL, o.email(), null, MessageKind.NOTIFICATION,
                    EmailChannel.encode(s, body), dedupeKey + ":email", about));
        }
        String chat = openChat(o, unit.get(), now);
        if (chat != null) {
            String recipient = Channels.ZALO.equals(chat) ? o.zaloUserId() : o.messengerPsid();
            // The chat message keeps the caller's key as it is: the key such a message has always had.
            out.add(new OutboundMessage(unit.get().id(), chat, recipient, null, MessageKind.NOTIFICATION, Reply.of(text), dedupeKey, about));
        }
        if (!out.isEmpty()) {
            outbox.enqueueAll(out);
        }
        return new Sent(true, email, chat);
    }

    /** Was this key notified already (to anyone)? */
    @Transactional(readOnly = true)
    public boolean exists(String dedupeKey) {
        return notifications.findByDedupeKey(dedupeKey).isPresent();
    }

    /** Zalo, else Messenger, when the official wrote to the unit's OA or page recently enough; else null. */
    private @Nullable String openChat(Official o, Unit unit, Instant now) {
        if (o.zaloUserId() != null && open(unit, Channels.ZALO, o.zaloUserId(), Duration.ofDays(zalo.getConsultationWindowDays()), now)) {
            return Channels.ZALO;
        }
        if (o.messengerPsid() != null && open(unit, Channels.MESSENGER, o.messengerPsid(), MESSENGER_WINDOW, now)) {
            return Channels.MESSENGER;
        }
        return null;
    }

    private boolean open(Unit unit, String channel, String userId, Duration window, Instant now) {
        return followers.findByUnitIdAndChannelAndUserId(unit.id(), channel, userId)
                .map(Follower::lastInteractionAt)
                .filter(at -> !at.isBefore(now.minus(window)))
                .isPresent();
    }

    /** An official's messages leave from their unit (its OA, its page); an administrator of every unit's from the default unit. */
    private Optional<Unit> unitOf(Official o) {
        return o.unitId() != null ? units.byId(o.unitId()) : defaultUnit.isBlank() ? Optional.empty() : units.byCode(defaultUnit);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
