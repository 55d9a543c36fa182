package vn.friendlygov.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A few single-threaded lanes, each handing whatever waits on it to a batch handler (one
 * transaction per batch). A key (a resident) always goes to the same lane, so one resident's work
 * runs in order; under load the batches grow and the cost per item falls, while a lone item is
 * handled at once, or after a linger where nobody waits for the result and fewer, larger
 * transactions are worth more than promptness.
 */
public final class Lanes<T> {
    private static final Logger LOG = LoggerFactory.getLogger(Lanes.class);

    private final List<BlockingQueue<T>> queues = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<List<T>> handler;
    private volatile boolean running = true;

    public Lanes(String name, int count, int maxBatch, Consumer<List<T>> handler) {
        this(name, count, maxBatch, Duration.ZERO, handler);
    }

    /** {@code linger}: how long a batch waits for more items before it is handled. */
    public Lanes(String name, int count, int maxBatch, Duration linger, Consumer<List<T>> handler) {
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.handler = handler;
        for (int i = 0; i < count; i++) {
            BlockingQueue<T> queue = new LinkedBlockingQueue<>();
            queues.add(queue);
            Thread t = new Thread(() -> run(queue), name + "-" + i);
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    public void submit(Object key, T item) {
        queues.get(Math.floorMod(key.hashCode(), queues.size())).add(item);
    }

    private void run(BlockingQueue<T> queue) {
        List<T> batch = new ArrayList<>(maxBatch);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, maxBatch - 1);
            linger(queue, batch);
            try {
                handler.accept(List.copyOf(batch));
            } catch (RuntimeException e) {
                LOG.error("A batch of {} failed in {}", batch.size(), Thread.currentThread().getName(), e);
            }
            batch.clear();
        }
    }

    /** Waits up to the linger for more items; an interrupt (closing) ends it early. */
    private void linger(BlockingQueue<T> queue, List<T> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        try {
            while (batch.size() < maxBatch) {
                long left = deadline - System.nanoTime();
                T next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
                if (next == null) {
                    return;
                }
                batch.add(next);
                queue.drainTo(batch, maxBatch - batch.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // the loop ends after this batch
        }
    }

    /** Lets the batches in hand finish (a JDBC call is not interrupted), then stops. */
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
