package dev.jrec.recorder;

import dev.jrec.formats.write.EventBatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands full batches from the ring buffer consumer to the writer thread and empty ones back. A fixed
 * number of batches bounds memory: when the writer falls behind, the consumer waits, the kernel's ring
 * buffers fill, and the kernel counts what it cannot deliver — loss is counted, never unbounded memory.
 */
final class BatchPipe implements EventRows.Sink {
    private final BlockingQueue<EventBatch> full;
    private final BlockingQueue<EventBatch> empty;
    private volatile boolean writerDead;
    /** Consumer side only: time spent waiting for the writer to free a batch. */
    private long stalledNs;

    BatchPipe(int batches, int rowsPerBatch) {
        full = new ArrayBlockingQueue<>(batches);
        empty = new ArrayBlockingQueue<>(batches);
        for (int i = 0; i < batches; i++) empty.add(new EventBatch(rowsPerBatch));
    }

    @Override
    public EventBatch next(EventBatch done) {
        try {
            if (done != null) {
                if (writerDead) {
                    done.clear(); // the writer failed: keep draining so the kernel side stays sane
                    return done;
                }
                full.put(done);
            }
            EventBatch b = empty.poll();
            if (b != null) return b;
            long t0 = System.nanoTime();
            try {
                while ((b = empty.poll(100, TimeUnit.MILLISECONDS)) == null) {
                    if (writerDead) return new EventBatch(done == null ? 1024 : done.capacity());
                }
                return b;
            } finally {
                stalledNs += System.nanoTime() - t0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted handing a batch to the writer", e);
        }
    }

    /** Writer side: the next full batch, or null after {@code timeoutMs}. */
    EventBatch take(long timeoutMs) throws InterruptedException {
        return full.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    /** Writer side: a batch written and cleared. */
    void recycle(EventBatch b) {
        b.clear();
        empty.add(b);
    }

    /**
     * How long the consumer waited for the writer: while it waits nobody drains the ring buffers, so
     * drops with stalls mean the writer (CPU), not the ring size, was the limit.
     */
    long stalledNs() {
        return stalledNs;
    }

    boolean idle() {
        return full.isEmpty();
    }

    void writerDied() {
        writerDead = true;
    }
}
