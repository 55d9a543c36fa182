package vn.friendlygov.security;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.friendlygov.BotSettings;

import java.time.Clock;

/**
 * The first administrator, user "admin": its password comes from BOT_ADMIN_PASSWORD; when that is
 * unset and no admin exists yet, a random one is generated and printed once (to the console, not
 * to the log).
 */
@Singleton
public class AdminBootstrap {
    private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

    private final OfficialRepository officials;
    private final String password;
    private final Clock clock;

    public AdminBootstrap(OfficialRepository officials, BotSettings settings, Clock clock) {
        String password = settings.getAdminPassword();
        this.officials = officials;
        this.password = password.isBlank() ? System.getenv().getOrDefault("BOT_ADMIN_PASSWORD", "") : password;
        this.clock = clock;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        var existing = officials.findByUsername("admin");
        if (!password.isBlank()) {
            if (existing.isEmpty()) {
                officials.save(new Official(null, null, "admin", Passwords.hash(password), "Quản trị hệ thống", null,
                        Official.ADMIN, null, false, null, null, true, clock.instant()));
            } else {
                // The environment's password is not a temporary one; the e-mail and name edited since are kept.
                Official o = existing.get();
                officials.update(new Official(o.id(), null, "admin", Passwords.hash(password), o.fullName(), o.title(),
                        Official.ADMIN, null, false, o.zaloUserId(), o.messengerPsid(), true, o.createdAt(), o.email(),
                        o.team(), false));
            }
            LOG.info("Administrator 'admin' password set from BOT_ADMIN_PASSWORD");
        } else if (existing.isEmpty()) {
            String generated = Passwords.random(12);
            officials.save(new Official(null, null, "admin", Passwords.hash(generated), "Quản trị hệ thống", null,
                    Official.ADMIN, null, false, null, null, true, clock.instant()));
            System.out.println("\n*** BOT_ADMIN_PASSWORD is not set. Generated password for user 'admin': " + generated
                    + "\n*** It is shown only this once; set BOT_ADMIN_PASSWORD to choose your own.\n");
        }
    }
}
