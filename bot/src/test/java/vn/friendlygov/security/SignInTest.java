package vn.friendlygov.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;
import vn.friendlygov.support.Db;
import vn.friendlygov.support.RawHttp;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sign-in (API.md "Officials' API", issue 11): lock-out, exact usernames, timing, the log, the hashing threads. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Property(name = "bot.sign-in.max-failures", value = "3")
@Property(name = "bot.sign-in.lock-duration", value = "3s")
@Property(name = "bot.sign-in.hash-threads", value = "1")
@Property(name = "bot.sign-in.max-queued", value = "2")
class SignInTest {
    static final String PASSWORD = "signin-secret-1";

    @Inject
    EmbeddedServer server;
    @Inject
    OfficialRepository officials;
    @Inject
    SignIn signIn;
    @Inject
    DataSource dataSource;

    Db db;

    @BeforeAll
    void setUp() {
        db = new Db(dataSource);
    }

    private String newOfficial() {
        String username = "signin." + UUID.randomUUID().toString().substring(0, 8);
        officials.save(new Official(null, null, username, Passwords.hash(PASSWORD), "Cán bộ thử", null, Official.ADMIN,
                null, false, null, null, true, Instant.now()));
        return username;
    }

    private RawHttp.Response get(String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return RawHttp.send(server.getPort(), "GET", "/api/v1/tickets",
                List.of("Host: chatbot.example.gov.vn", "Accept: application/json", "Authorization: Basic " + basic), null);
    }

    private static void assertError(RawHttp.Response r, int status, String code) {
        assertEquals(status, r.status(), r.body());
        assertTrue(r.body().contains("\"error\":\"" + code + "\""), r.body());
    }

    @Test
    void threeWrongPasswordsLockTheAccountEvenAgainstTheRightPasswordUntilTheLockExpires() throws InterruptedException {
        String user = newOfficial();
        assertEquals(200, get(user, PASSWORD).status());
        assertError(get(user, "wrong-1"), 401, "unauthorized");
        assertError(get(user, "wrong-2"), 401, "unauthorized");
        RawHttp.Response third = get(user, "wrong-3");
        assertError(third, 401, "account_locked");
        assertTrue(third.body().contains("tạm thời bị khóa"), third.body());
        RawHttp.Response right = get(user, PASSWORD);
        assertError(right, 401, "account_locked");

        Thread.sleep(3_300);
        assertEquals(200, get(user, PASSWORD).status(), "the lock has expired");
        assertError(get(user, "wrong-4"), 401, "unauthorized");   // and the count started again
    }

    @Test
    void anUnknownUsernameIsLockedWithTheSameAnswerSoTheAnswerDoesNotTellWhetherItExists() {
        String known = newOfficial();
        String unknown = "nobody." + UUID.randomUUID().toString().substring(0, 8);
        RawHttp.Response knownLocked = null;
        RawHttp.Response unknownLocked = null;
        for (int i = 0; i < 3; i++) {
            knownLocked = get(known, "wrong");
            unknownLocked = get(unknown, "wrong");
        }
        assertError(unknownLocked, 401, "account_locked");
        assertEquals(knownLocked.body(), unknownLocked.body());
    }

    @Test
    void theLockIsKeptInTheDatabaseSoAnotherInstancesLockHoldsHere() {
        String user = newOfficial();
        // what another instance writes when it locks the name
        db.update("INSERT INTO sign_in_lock (subject, failures, window_start, locked_until, updated_at) VALUES (?, 0, ?, ?, ?)",
                SignIn.subject(user), Timestamp.from(Instant.now()), Timestamp.from(Instant.now().plusSeconds(60)), Timestamp.from(Instant.now()));
        assertError(get(user, PASSWORD), 401, "account_locked");
        db.update("DELETE FROM sign_in_lock WHERE subject = ?", SignIn.subject(user));
        assertEquals(200, get(user, PASSWORD).status());
    }

    @Test
    void usernamesMatchExactly() {
        for (String lookalike : List.of("ÁDMIN", "Admin", "ADMIN", "admin ", " admin", "admín")) {
            assertError(get(lookalike, "test-admin-secret"), 401, "unauthorized");
        }
        assertEquals(200, get("admin", "test-admin-secret").status());
    }

    @Test
    void anUnknownUsernameCostsAPasswordHashLikeAWrongPassword() throws Exception {
        String user = newOfficial();
        List<Long> wrong = new ArrayList<>();
        List<Long> unknown = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 2; i++) {   // two failures, then the right password: never locked
                wrong.add(timed(user, "wrong"));
                unknown.add(timed("nobody." + UUID.randomUUID(), "wrong"));
            }
            assertInstanceOf(SignIn.Success.class, signIn.attempt(user, PASSWORD, "127.0.0.1").get());
        }
        long w = median(wrong);
        long u = median(unknown);
        // a PBKDF2 hash is tens of milliseconds; a miss without one would be a single quick query
        assertTrue(u * 2 >= w, "unknown user " + u + " µs against wrong password " + w + " µs");
    }

    private long timed(String user, String password) throws Exception {
        long t = System.nanoTime();
        SignIn.Result r = signIn.attempt(user, password, "127.0.0.1").get();
        long micros = (System.nanoTime() - t) / 1000;
        assertInstanceOf(SignIn.Failure.class, r);
        return micros;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    @Test
    void aFailedSignInIsLoggedWithTheClientAddressOnOneLine() {
        Logger logger = (Logger) LoggerFactory.getLogger(SignIn.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            String forged = "x\r\n08.00.00.000 INFO  [main] v.f.security.SignIn - admin signed in from 10.0.0.1";
            get(forged, "wrong");
            ILoggingEvent event = appender.list.stream().filter(e -> e.getFormattedMessage().contains("Sign-in failed")).findFirst()
                    .orElseThrow(() -> new AssertionError("no failure logged: " + appender.list));
            assertTrue(event.getFormattedMessage().contains("from 127.0.0.1"), event.getFormattedMessage());
            MaskingConverter converter = new MaskingConverter();
            converter.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            converter.start();
            String line = converter.convert(event);
            assertFalse(line.contains("\n") || line.contains("\r"), line);
            assertTrue(line.contains("x\\r\\n08.00.00.000 INFO"), line);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aFloodOfSignInsBeyondTheHashingThreadsIsRefusedAtOnceWith503() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<long[]>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(pool.submit(() -> {
                    long t = System.nanoTime();
                    RawHttp.Response r = get("flood." + UUID.randomUUID(), "wrong");
                    if (r.status() == 503) {
                        assertTrue(r.body().contains("\"error\":\"sign_in_busy\""), r.body());
                    }
                    return new long[]{r.status(), (System.nanoTime() - t) / 1_000_000};
                }));
            }
            int refused = 0;
            for (Future<long[]> f : calls) {
                long[] r = f.get();
                assertTrue(r[0] == 401 || r[0] == 503, "status " + r[0]);
                if (r[0] == 503) {
                    refused++;
                    assertTrue(r[1] < 2_000, "refused in " + r[1] + " ms");
                }
            }
            assertTrue(refused > 0, "one hashing thread and two places in the queue cannot take 16 at once");
        } finally {
            pool.shutdownNow();
        }
    }
}
