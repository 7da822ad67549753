package dev.jrec.recorder;

import dev.jrec.formats.write.EventBatch;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands full batches from the encoder to the writer thread and empty ones back. A fixed number of batches
 * bounds memory: when the writer falls behind, the encoder waits, and the spool holds what it has not
 * reached (its file bounded by --spool-max, past which the kernel counts drops).
 */
final class BatchPipe implements EventRows.Sink {
    private final BlockingQueue<EventBatch> full;
    private final BlockingQueue<EventBatch> empty;
    private volatile boolean writerDead;

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
            while ((b = empty.poll(100, TimeUnit.MILLISECONDS)) == null) {
                if (writerDead) return new EventBatch(done == null ? 1024 : done.capacity());
            }
            return b;
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

    boolean idle() {
        return full.isEmpty();
    }

    void writerDied() {
        writerDead = true;
    }
}
