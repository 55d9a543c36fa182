package vn.friendlygov.channel;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign's backlog hammering a limit from every send thread at once takes at most its share:
 * what is left of the second is the residents' replies'.
 */
class RateLimitsTest {

    @Test
    void sixtyFourThreadsOfCampaignSendsLeaveTheRepliesTheirPart() throws Exception {
        RateLimits limits = RateLimits.local();
        int rate = 1000;   // a second's burst: 800 for campaigns, 200 kept for replies
        AtomicInteger bulk = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < 64; t++) {
            pool.execute(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 40; i++) {   // 2,560 tries for 800 permits
                    if (limits.acquire("page", rate, true, false, Instant.now()).isEmpty()) {
                        bulk.incrementAndGet();
                    }
                }
            });
        }
        long t0 = System.nanoTime();
        start.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        // What the campaign's share refills while the threads run (a few milliseconds).
        int refill = (int) Math.ceil((System.nanoTime() - t0) / 1e9 * 800) + 1;
        int replies = 0;
        while (limits.acquire("page", rate, false, false, Instant.now()).isEmpty()) {
            replies++;
        }
        assertTrue(bulk.get() >= 800 && bulk.get() <= 800 + refill, "campaign sends granted: " + bulk.get() + " (refill " + refill + ")");
        assertTrue(replies >= 200, "replies granted after the campaign's burst: " + replies);
    }
}
