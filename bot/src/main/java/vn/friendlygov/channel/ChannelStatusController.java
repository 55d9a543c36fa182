package vn.friendlygov.channel;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.serde.annotation.Serdeable;
import vn.friendlygov.channel.zalo.ChannelToken;
import vn.friendlygov.channel.zalo.ChannelTokenRepository;
import vn.friendlygov.outbox.OutboxRepository;
import vn.friendlygov.outbox.OutboxRow;
import vn.friendlygov.unit.Unit;
import vn.friendlygov.unit.UnitRepository;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What an operator checks first: is each unit connected, is the Zalo token healthy, is the outbox flowing. */
@Controller("/api/v1/admin/channels")
@Secured("ADMIN")
public class ChannelStatusController {
    private final UnitRepository units;
    private final ChannelTokenRepository tokens;
    private final OutboxRepository outbox;

    public ChannelStatusController(UnitRepository units, ChannelTokenRepository tokens, OutboxRepository outbox) {
        this.units = units;
        this.tokens = tokens;
        this.outbox = outbox;
    }

    @Serdeable
    public record UnitStatus(String unit, @Nullable String messengerPageId, @Nullable String zaloOaId,
                             boolean zaloTokenPresent, boolean zaloRefreshFailed, @Nullable String zaloFailureReason,
                             @Nullable String zaloTokenExpiresAt) {
    }

    @Serdeable
    public record Status(List<UnitStatus> units, long outboxPending, long outboxFailed, long outboxSkipped) {
    }

    @Get
    @ExecuteOn(TaskExecutors.BLOCKING)
    public Status status() {
        List<UnitStatus> out = new ArrayList<>();
        for (Unit u : units.findAll()) {
            Optional<ChannelToken> t = tokens.find(u.id(), Channels.ZALO);
            out.add(new UnitStatus(u.code(), u.messengerPageId(), u.zaloOaId(), t.map(x -> x.accessToken() != null).orElse(false),
                    t.map(ChannelToken::refreshFailed).orElse(false), t.map(ChannelToken::failureReason).orElse(null),
                    t.map(ChannelToken::expiresAt).map(Object::toString).orElse(null)));
        }
        return new Status(out, outbox.countByStatus(OutboxRow.PENDING), outbox.countByStatus(OutboxRow.FAILED),
                outbox.countByStatus(OutboxRow.SKIPPED));
    }
}
