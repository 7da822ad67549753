package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.testing.Rows;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripTest {
    @TempDir Path dir;

    @Test
    void everyKindSurvivesWriterFileReader() throws Exception {
        Path out = dir.resolve("c.parquet");
        EventBatch b = new EventBatch(1024);
        Random rnd = new Random(1);
        List<Map<String, Object>> expected = new ArrayList<>();
        long ts = 1_000_000_000L;
        for (EventKind k : EventKind.values()) {
            for (int i = 0; i < 3; i++) {
                int r = SampleEvents.add(b, k, ts += 1000, rnd);
                expected.add(SampleEvents.row(b, r));
            }
        }
        Totals totals;
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            w.write(b);
            totals = w.close(Map.of(MetadataKeys.END_TS, Long.toString(ts)));
        }
        assertFalse(Files.exists(CapturePaths.partsDir(out)), "segments removed after a clean close");

        List<Map<String, Object>> actual = Capture.readAllEvents(out).stream().map(Rows::of).toList();
        // Table rows (thread, stack, frame) go out as they come, ahead of events still held for ordering.
        java.util.function.Predicate<Map<String, Object>> table = m -> CaptureWriter.isTable(EventKind.byId((String) m.get("kind")));
        List<Map<String, Object>> tablesFirst = new ArrayList<>(expected.stream().filter(table).toList());
        tablesFirst.addAll(expected.stream().filter(table.negate()).toList());
        assertEquals(tablesFirst, actual);

        try (Capture c = Capture.open(out)) {
            var md = c.metadata();
            assertEquals(dev.jrec.formats.schema.FormatVersion.CURRENT.toString(), md.get(MetadataKeys.FORMAT_VERSION));
            assertEquals("clean", md.completion());
            assertEquals("testhost", md.host());
            assertEquals(3 * EventKind.values().length, md.rows());
            assertEquals(12, md.events(Source.SCHED));
            assertEquals(totals.drops(Source.SCHED), md.drops(Source.SCHED));
            assertTrue(md.drops(Source.SCHED) >= 3, "three loss rows of at least 1 each");
            assertEquals(3, md.rows(EventKind.FRAME));
            assertEquals(ts, md.endNs().getAsLong());
        }
    }

    @Test
    void filterSelectsKindsAndHalfOpenRange() throws Exception {
        Path out = dir.resolve("f.parquet");
        EventBatch b = new EventBatch(4096);
        Random rnd = new Random(2);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            for (int i = 0; i < 3000; i++) SampleEvents.add(b, i % 3 == 0 ? EventKind.SYSCALL : EventKind.SCHED_SWITCH, 1000L * i, rnd);
            w.write(b);
        }
        try (Capture c = Capture.open(out);
             Capture.EventStream s = c.events(EventFilter.kinds(EventKind.SYSCALL).between(300_000, 600_000))) {
            List<CapturedEvent> got = new ArrayList<>();
            s.forEach(got::add);
            assertEquals(100, got.size(), "i in [300,600) with i % 3 == 0");
            for (CapturedEvent e : got) {
                assertEquals(EventKind.SYSCALL, e.kind());
                assertTrue(e.ts() >= 300_000 && e.ts() < 600_000);
            }
        }
    }

    @Test
    void rowsComeOutInTsOrderAcrossBatchesWithinTheReorderWindow() throws Exception {
        Path out = dir.resolve("o.parquet");
        Random rnd = new Random(3);
        EventBatch b = new EventBatch(1000);
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults())) {
            long base = 0;
            for (int batch = 0; batch < 20; batch++) {
                b.clear();
                // Jitter of up to 100 µs, well inside the 1 ms window, including across batch boundaries.
                for (int i = 0; i < 1000; i++) SampleEvents.add(b, EventKind.SCHED_WAKEUP, base + i * 1000L + rnd.nextInt(100_000), rnd);
                base += 1_000_000;
                w.write(b);
            }
            w.close();
            assertEquals(0, w.totals().lateRows());
        }
        long prev = Long.MIN_VALUE;
        int n = 0;
        for (CapturedEvent e : Capture.readAllEvents(out)) {
            assertTrue(e.ts() >= prev, "ts order at row " + n);
            prev = e.ts();
            n++;
        }
        assertEquals(20_000, n);
    }

    @Test
    void emptyRecordingIsAValidCapture() throws Exception {
        Path out = dir.resolve("e.parquet");
        CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults()).close();
        try (Capture c = Capture.open(out)) {
            assertEquals(0, c.metadata().rows());
            assertEquals("clean", c.metadata().completion());
        }
    }

    @Test
    void refusesToOverwriteACapture() throws Exception {
        Path out = dir.resolve("x.parquet");
        Files.writeString(out, "precious");
        var e = assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> CaptureWriter.create(out, Map.of(), CaptureWriter.Options.defaults()));
        assertTrue(e.getMessage().contains("exists"));
        assertEquals("precious", Files.readString(out));
    }
}
