package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import org.junit.jupiter.api.Test;

class BatchPipeTest {
    @Test
    void waitingForTheWriterIsCountedAsStalls() throws Exception {
        BatchPipe pipe = new BatchPipe(1, 16);
        EventBatch b = pipe.next(null);
        assertEquals(0, pipe.stalledNs(), "a free batch was at hand");
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
        EventBatch next = pipe.next(b); // the only batch is with the writer: waits until it is recycled
        writer.join();
        assertEquals(0, next.size());
        assertTrue(pipe.stalledNs() >= 10_000_000L, "stalled ns: " + pipe.stalledNs());
    }
}
