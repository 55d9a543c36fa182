package vn.friendlygov.db;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LanesTest {

    @Test
    void aLingerGathersWhatArrivesAfterTheFirstItemIntoOneBatch() throws Exception {
        LinkedBlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();
        Lanes<String> lanes = new Lanes<>("test-linger", 1, 100, Duration.ofSeconds(2), batches::add);
        try {
            lanes.submit(0, "a");
            Thread.sleep(100);
            lanes.submit(0, "b");
            lanes.submit(0, "c");
            assertEquals(List.of("a", "b", "c"), batches.poll(10, TimeUnit.SECONDS));
            assertNull(batches.poll(300, TimeUnit.MILLISECONDS));
        } finally {
            lanes.close();
        }
    }

    @Test
    void aFullBatchDoesNotWaitForTheLinger() throws Exception {
        LinkedBlockingQueue<List<String>> batches = new LinkedBlockingQueue<>();
        Lanes<String> lanes = new Lanes<>("test-full", 1, 2, Duration.ofSeconds(60), batches::add);
        try {
            lanes.submit(0, "a");
            lanes.submit(0, "b");
            lanes.submit(0, "c");
            assertEquals(List.of("a", "b"), batches.poll(10, TimeUnit.SECONDS));
        } finally {
            lanes.close();
        }
    }

    @Test
    void withoutALingerTheItemsOfOneKeyAreHandledInOrder() throws Exception {
        LinkedBlockingQueue<List<Integer>> batches = new LinkedBlockingQueue<>();
        Lanes<Integer> lanes = new Lanes<>("test-order", 4, 3, batches::add);
        try {
            for (int i = 0; i < 10; i++) {
                lanes.submit("one resident", i);
            }
            List<Integer> seen = new ArrayList<>();
            while (seen.size() < 10) {
                List<Integer> batch = batches.poll(10, TimeUnit.SECONDS);
                if (batch == null) {
                    break;
                }
                seen.addAll(batch);
            }
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
        } finally {
            lanes.close();
        }
    }
}
