package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import org.junit.jupiter.api.Test;

class BatchPipeTest {
    @Test
    void theEncoderWaitsForTheWriterToRecycleABatch() throws Exception {
        BatchPipe pipe = new BatchPipe(1, 16);
        EventBatch b = pipe.next(null);
        b.add(EventKind.SCHED_SWITCH, 1);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(50);
                EventBatch full = pipe.take(5_000);
                assertNotNull(full);
                pipe.recycle(full);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        writer.start();
        long t0 = System.nanoTime();
        EventBatch next = pipe.next(b); // the only batch is with the writer: waits until it is recycled
        long waited = System.nanoTime() - t0;
        writer.join();
        assertEquals(0, next.size());
        assertTrue(waited >= 10_000_000L, "handed back only after the writer recycled it: waited " + waited + " ns");
    }
}
