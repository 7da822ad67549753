package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.Rows;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property: for any stream of rows whose ts jitter stays inside the reorder window, in batches of any
 * size, across any number of segments, the capture holds exactly those rows: event rows stably sorted
 * by ts, table rows (thread, stack, frame) in the order they were written.
 */
class RandomStreamTest {
    @TempDir Path dir;

    static LongStream seeds() {
        long base = Long.getLong("jrec.test.seed", System.nanoTime());
        System.out.println("RandomStreamTest base seed " + base + " (rerun with -Djrec.test.seed=" + base + ")");
        return LongStream.range(0, 25).map(i -> base + i);
    }

    private static List<Map<String, Object>> tables(List<Map<String, Object>> rows, boolean table) {
        return rows.stream().filter(m -> CaptureWriter.isTable(EventKind.byId((String) m.get("kind"))) == table).toList();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void captureHoldsExactlyTheRowsInTsOrder(long seed) throws Exception {
        Random rnd = new Random(seed);
        EventKind[] kinds = EventKind.values();
        int batchCap = 1 + rnd.nextInt(3000);
        int batches = 1 + rnd.nextInt(12);
        long segmentRows = 1 + rnd.nextInt(5000);
        List<Map<String, Object>> expected = new ArrayList<>();
        Path out = dir.resolve("r" + seed + ".parquet");
        EventBatch b = new EventBatch(batchCap);
        long t = rnd.nextLong(1L << 40);
        CaptureWriter.Options opts = CaptureWriter.Options.defaults().withSegmentMaxRows(segmentRows);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), opts)) {
            for (int i = 0; i < batches; i++) {
                b.clear();
                int n = rnd.nextInt(batchCap + 1);
                for (int j = 0; j < n; j++) {
                    t += rnd.nextInt(5000);
                    long jitter = rnd.nextInt(10) == 0 ? -rnd.nextInt(500_000) : 0; // within the 1 ms window
                    int r = SampleEvents.add(b, kinds[rnd.nextInt(kinds.length)], Math.max(0, t + jitter), rnd);
                    expected.add(SampleEvents.row(b, r));
                }
                w.write(b);
            }
            w.close();
            assertEquals(0, w.totals().lateRows(), "seed " + seed);
            assertEquals(expected.size(), w.totals().rows());
        }
        List<Map<String, Object>> actual = Capture.readAllEvents(out).stream().map(Rows::of).toList();
        assertEquals(expected.size(), actual.size(), "seed " + seed);
        // Table rows in the order they were written; event rows stably sorted by ts.
        assertEquals(tables(expected, true), tables(actual, true), "seed " + seed);
        List<Map<String, Object>> events = new java.util.ArrayList<>(tables(expected, false));
        events.sort(Comparator.comparingLong(m -> (Long) m.get("ts")));
        assertEquals(events, tables(actual, false), "seed " + seed);
    }
}
