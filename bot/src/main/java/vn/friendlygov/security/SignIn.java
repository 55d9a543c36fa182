package vn.friendlygov.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.security.authentication.Authentication;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every password sign-in (HTTP Basic for API clients, the console's form): one place for the rules
 * of API.md "Officials' API".
 * <ul>
 *   <li>Usernames match exactly (the database's collation would let 'ÁDMIN' and 'admin ' in as 'admin').</li>
 *   <li>An unknown or disabled username costs one password hash, like a wrong password (against a
 *       dummy hash), so timing does not tell which names exist.</li>
 *   <li>{@code bot.sign-in.max-failures} failures within {@code window} lock the username for
 *       {@code lock-duration}, counted in the database (table sign_in_lock) so that every instance
 *       shares it; unknown usernames lock the same way.</li>
 *   <li>Every failure is logged with the client address.</li>
 *   <li>Hashing runs on this service's own few threads with a short queue: a flood of sign-ins
 *       cannot occupy the pool that serves chat and webhooks, and is answered {@link Busy} at once
 *       instead of waiting in an endless queue.</li>
 * </ul>
 */
@Singleton
public class SignIn {
    private static final Logger LOG = LoggerFactory.getLogger(SignIn.class);
    private static final int MAX_LOGGED_NAME = 64;
    private static final Duration BUSY_LOG_EVERY = Duration.ofSeconds(10);

    /** What a sign-in came to. */
    public sealed interface Result permits Success, Failure, Locked, Busy {
    }

    /** Right username and password, active account. */
    public record Success(Official official) implements Result {
    }

    /** Wrong password, or no such (active) account: the caller must not say which. */
    public record Failure() implements Result {
    }

    /** Too many failures: refused whatever the password, for {@code retryAfter} more. */
    public record Locked(Duration retryAfter) implements Result {
    }

    /** Too many sign-ins waiting for the hashing threads: try again shortly. */
    public record Busy() implements Result {
    }

    private final OfficialRepository officials;
    private final SignInLockRepository locks;
    private final SignInSettings settings;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor hashing;
    /** Hashed instead of a real one when the username is unknown, with the same cost. */
    private final String dummyHash = Passwords.hash(Passwords.random(16));
    private final AtomicLong busySinceLog = new AtomicLong();
    private final AtomicLong busyLoggedAt = new AtomicLong(System.nanoTime() - BUSY_LOG_EVERY.toNanos());

    public SignIn(OfficialRepository officials, SignInLockRepository locks, SignInSettings settings, Clock clock,
                  MeterRegistry meters) {
        this.officials = officials;
        this.locks = locks;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
        BlockingQueue<Runnable> queue = settings.getMaxQueued() == 0
                ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(settings.getMaxQueued());
        AtomicInteger n = new AtomicInteger();
        this.hashing = new ThreadPoolExecutor(settings.getHashThreads(), settings.getHashThreads(), 0, TimeUnit.MILLISECONDS,
                queue, r -> {
                    Thread t = new Thread(r, "sign-in-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Checks a username and password; never blocks the caller (the work runs on the sign-in
     * threads). {@code clientAddress} (from the trusted-proxy resolver) goes to the log. The future
     * completes with {@link Busy} when the queue is full, and exceptionally only on an unexpected
     * error (the database is down).
     */
    public CompletableFuture<Result> attempt(@Nullable String username, @Nullable String password,
                                             @Nullable String clientAddress) {
        String name = username == null ? "" : username;
        String secret = password == null ? "" : password;
        try {
            return CompletableFuture.supplyAsync(() -> check(name, secret, clientAddress), hashing);
        } catch (RejectedExecutionException e) {
            meters.counter("signin.attempts", "outcome", "busy").increment();
            logBusy(name, clientAddress);
            return CompletableFuture.completedFuture(new Busy());
        }
    }

    /**
     * A flood is refused thousands of times a second: one line per refusal would flood the log
     * too. One summary line per {@link #BUSY_LOG_EVERY}, naming the latest name and address.
     */
    private void logBusy(String name, @Nullable String address) {
        long refused = busySinceLog.incrementAndGet();
        long now = System.nanoTime();
        long last = busyLoggedAt.get();
        if (now - last >= BUSY_LOG_EVERY.toNanos() && busyLoggedAt.compareAndSet(last, now)) {
            busySinceLog.addAndGet(-refused);
            LOG.warn("Sign-in refused (busy) {} times in the last {} s, the latest for '{}' from {}",
                    refused, BUSY_LOG_EVERY.toSeconds(), clip(name), address);
        } else {
            LOG.debug("Sign-in refused (busy) for '{}' from {}", clip(name), address);
        }
    }

    /** The authentication a successful sign-in carries (roles and the attributes other code reads). */
    public static Authentication authentication(Official o) {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("officialId", o.id());
        if (o.unitId() != null) {
            attributes.put("unitId", o.unitId());
        }
        if (o.mustChangePassword()) {
            // Set by an administrator: only the change itself is allowed (accounts.PasswordChangeRequired).
            attributes.put("mustChangePassword", true);
        }
        return Authentication.build(o.username(), List.of(o.role()), attributes);
    }

    private Result check(String name, String secret, @Nullable String address) {
        Instant now = clock.instant();
        String subject = subject(name);
        Optional<SignInLock> lock = locks.find(subject);
        if (lock.isPresent() && lock.get().lockedUntil() != null && lock.get().lockedUntil().isAfter(now)) {
            Duration left = Duration.between(now, lock.get().lockedUntil());
            meters.counter("signin.attempts", "outcome", "locked").increment();
            LOG.warn("Sign-in refused (locked for {} s more) for '{}' from {}", left.toSeconds(), clip(name), address);
            return new Locked(left);
        }
        Optional<Official> official = officials.findByUsername(name).filter(o -> o.username().equals(name));
        // A seeded account's unusable password is no hash either: hash the dummy for it too.
        String stored = official.map(Official::passwordHash).filter(h -> h.startsWith("pbkdf2$")).orElse(null);
        boolean matches = Passwords.matches(secret, stored == null ? dummyHash : stored) && stored != null;
        if (matches && official.get().active()) {
            if (lock.isPresent()) {
                locks.clear(subject);
            }
            meters.counter("signin.attempts", "outcome", "success").increment();
            return new Success(official.get());
        }
        locks.create(subject, now);
        locks.countFailure(subject, now, now.minus(settings.getWindow()));
        boolean locked = locks.lockIfReached(subject, settings.getMaxFailures(), now, now.plus(settings.getLockDuration())) == 1;
        String why = official.isEmpty() ? "unknown user" : !official.get().active() ? "disabled account" : "wrong password";
        meters.counter("signin.attempts", "outcome", locked ? "locked" : "failure").increment();
        LOG.warn("Sign-in failed ({}{}) for '{}' from {}", why, locked ? ", now locked for " + settings.getLockDuration().toMinutes() + " min" : "",
                clip(name), address);
        return locked ? new Locked(settings.getLockDuration()) : new Failure();
    }

    /** Rows of names no longer counting or locked. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    void forgetOldFailures() {
        Duration keep = settings.getWindow().compareTo(settings.getLockDuration()) > 0 ? settings.getWindow() : settings.getLockDuration();
        locks.deleteOlderThan(clock.instant().minus(keep).minus(Duration.ofMinutes(1)));
    }

    @PreDestroy
    void close() {
        hashing.shutdownNow();
    }

    static String subject(String username) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(username.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String clip(String name) {
        return name.length() > MAX_LOGGED_NAME ? name.substring(0, MAX_LOGGED_NAME) + "…" : name;
    }
}
