package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture with a size limit stays under it, and what did not fit is counted with its interval. */
class MaxSizeTest {
    @TempDir Path dir;

    /** What was given to the writer, per source, and the loss rows among it. */
    private final Map<Source, Long> given = new EnumMap<>(Source.class);
    private long givenLoss;

    private long stream(CaptureWriter w, long[] now, int seconds, Random rnd) throws Exception {
        EventBatch b = new EventBatch(w.batchCapacity());
        long ts = 1_000_000_000L;
        EventKind[] kinds = {EventKind.SCHED_SWITCH, EventKind.SYSCALL, EventKind.SCHED_WAKEUP, EventKind.PROC_EXEC};
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < 20; i++) {
                b.clear();
                for (int j = 0; j < 2_000; j++) {
                    ts += 25_000; // 40 000 rows a second
                    EventKind k = kinds[rnd.nextInt(kinds.length)];
                    SampleEvents.add(b, k, ts, rnd);
                    given.merge(k.source(), 1L, Long::sum);
                }
                if (i == 19) {
                    int r = b.add(EventKind.LOSS, ts);
                    b.setString(Column.SOURCE, r, "syscall");
                    b.setString(Column.REASON, r, "ringbuf_full");
                    b.setLong(Column.LOST, r, 7);
                    b.setLong(Column.DUR_NS, r, 1_000_000_000L);
                    givenLoss += 7;
                }
                w.write(b);
                now[0] += 50_000_000L;
            }
        }
        return ts;
    }

    @Test
    void theCaptureStaysUnderItsLimitAndItsTailIsCounted() throws Exception {
        long limit = 2L << 20;
        long[] now = {0};
        Path out = dir.resolve("limited.parquet");
        CaptureWriter.Options o = CaptureWriter.Options.defaults().withClock(() -> now[0]).withBatchCapacity(4096).withMaxBytes(limit);
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), o);
        long lastTs = stream(w, now, 20, new Random(1));
        assertEquals("max_size", w.cut(), "20 s of 40 000 rows a second do not fit in 2 MiB");
        long endTs = lastTs + 5_000_000;
        w.close(Map.of(MetadataKeys.END_TS, Long.toString(endTs)));
        long size = Files.size(out);
        assertTrue(size <= limit, size + " bytes, over the limit of " + limit);
        assertTrue(size >= limit * 3 / 4, "the limit is used, not left half empty: " + size);

        Map<Source, Long> kept = new EnumMap<>(Source.class), lost = new EnumMap<>(Source.class);
        long lastEvent = Long.MIN_VALUE, keptLoss = 0, cutFrom = Long.MAX_VALUE, cutTo = Long.MIN_VALUE;
        try (Capture c = Capture.open(out); Capture.EventStream events = c.events(EventFilter.ALL)) {
            assertEquals("clean", c.metadata().completion());
            for (CapturedEvent e : events) {
                if (e.kind() == EventKind.LOSS && "max_size".equals(e.getString(Column.REASON))) {
                    lost.merge(Source.byId(e.getString(Column.SOURCE)), e.getLong(Column.LOST), Long::sum);
                    cutFrom = Math.min(cutFrom, e.ts() - e.getLong(Column.DUR_NS));
                    cutTo = Math.max(cutTo, e.ts());
                } else if (e.kind() == EventKind.LOSS) {
                    keptLoss += e.getLong(Column.LOST);
                } else {
                    kept.merge(e.kind().source(), 1L, Long::sum);
                    lastEvent = Math.max(lastEvent, e.ts());
                }
            }
        }
        for (Source s : given.keySet()) {
            assertEquals(given.get(s), kept.getOrDefault(s, 0L) + lost.getOrDefault(s, 0L), s + ": every event is kept or counted");
            assertTrue(lost.getOrDefault(s, 0L) > 0, s + " lost events to the limit");
        }
        assertEquals(givenLoss, keptLoss, "loss rows are never cut: the sources' own drops all stay");
        assertTrue(cutFrom <= lastEvent, "the loss interval starts at the last event kept");
        assertEquals(endTs, cutTo, "and reaches the end of the recording");
    }

    @Test
    void aTailSegmentFitsInWhatTheLimitKeepsForIt() throws Exception {
        Path out = dir.resolve("tail.parquet");
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(),
                CaptureWriter.Options.defaults().withMaxBytes(1).withBatchCapacity(64));
        EventBatch b = new EventBatch(64);
        Random rnd = new Random(2);
        for (int i = 0; i < 1025; i++) {
            if (b.isFull()) {
                w.write(b);
                b.clear();
            }
            SampleEvents.add(b, EventKind.values()[i % 12], 1_000_000_000L + i * 1000L, rnd);
        }
        w.write(b);
        w.close(Map.of(MetadataKeys.END_TS, "2000000000"));
        long size = Files.size(out);
        System.out.println("a capture of only the tail's loss rows: " + size + " bytes");
        assertTrue(size <= CaptureWriter.TAIL_BYTES, size + " bytes");
        try (Capture c = Capture.open(out)) {
            assertEquals(0, c.metadata().rows() - c.metadata().rows(EventKind.LOSS), "nothing fits in 1 byte but the tail");
        }
    }
}
