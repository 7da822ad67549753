package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link Recovery} joins what a {@link Recovery.Salvage} brings back from a killed recorder's spool: after the
 * segments, counted in the footer's totals, and only when the recorder left a spool. The recorder's own salvage,
 * on a real killed recording, is tested by the recorder (SpoolSalvageTest).
 */
class RecoverySalvageTest {
    private static final long SEGMENT_ROWS = 50, SALVAGED = 30;

    @TempDir Path dir;

    /** Two closed segments of sched_switch rows at ts 1..100 µs; the recorder died after them. */
    private Path killed() throws IOException {
        Path out = dir.resolve("c.parquet");
        long[] now = {0};
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults().withClock(() -> now[0]));
        Random rnd = new Random(7);
        EventBatch b = new EventBatch((int) SEGMENT_ROWS);
        for (int s = 0; s < 2; s++) {
            b.clear();
            for (int i = 0; i < SEGMENT_ROWS; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, (s * SEGMENT_ROWS + i + 1) * 1000L, rnd);
            w.write(b);
            now[0] += 1_000_000_000L;
            w.maybeRoll();
        }
        w.flush();
        w.abandon();
        return out;
    }

    /** Writes {@link #SALVAGED} rows after {@code afterTs}, as the recorder's salvage would from chunks it decoded. */
    private static class Rows implements Recovery.Salvage {
        long afterTs = Long.MIN_VALUE;
        int calls;
        Map<String, String> footer;

        @Override
        public Recovery.Salvaged salvage(Path parts, long afterTs, Map<String, String> footer, Path out) throws IOException {
            this.afterTs = afterTs;
            this.footer = Map.copyOf(footer);
            calls++;
            long base = afterTs == Long.MIN_VALUE ? START_NS : afterTs;
            Map<String, String> md = new java.util.LinkedHashMap<>(footer);
            md.remove(MetadataKeys.END_TS);
            CaptureWriter w = CaptureWriter.create(out, md, CaptureWriter.Options.defaults());
            EventBatch b = new EventBatch((int) SALVAGED);
            Random rnd = new Random(8);
            for (int i = 1; i <= SALVAGED; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, base + i * 1000L, rnd);
            w.write(b);
            w.close(Map.of(MetadataKeys.END_TS, Long.toString(base + SALVAGED * 1000L)));
            return new Recovery.Salvaged(SALVAGED, null);
        }
    }

    /** A spool that held nothing after the segments, or one this jrec cannot read ({@code note}). */
    private static final class Nothing extends Rows {
        private final String note;

        Nothing(String note) {
            this.note = note;
        }

        @Override
        public Recovery.Salvaged salvage(Path parts, long afterTs, Map<String, String> footer, Path out) {
            calls++;
            return new Recovery.Salvaged(0, note);
        }
    }

    private static final long START_NS = 1_000_000_000L;

    /** A recorder killed before its first segment closed, with {@code rows} sched rows held in its open segment and a spool. */
    private Path killedEarly() throws IOException {
        Path out = dir.resolve("early.parquet");
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        EventBatch b = new EventBatch(10);
        SampleEvents.add(b, EventKind.SCHED_SWITCH, START_NS + 500, new Random(1));
        w.write(b); // held in the open segment, which never closes
        w.abandon();
        Files.write(CapturePaths.partsDir(out).resolve(CapturePaths.SPOOL_MEMORY), new byte[4096]);
        return out;
    }

    @Test
    void killedBeforeTheFirstSegmentClosedTheSpoolAloneMakesTheCapture() throws Exception {
        Path out = killedEarly();
        Rows salvage = new Rows();
        Recovery.Result r = Recovery.recover(out, salvage);

        assertEquals(1, salvage.calls);
        assertEquals(Long.MIN_VALUE, salvage.afterTs, "no segment holds anything: every row the spool has is wanted");
        assertEquals("testhost", salvage.footer.get(MetadataKeys.HOST), "the footer is the one the recording started with");
        assertEquals(0, r.segments());
        assertEquals(SALVAGED, r.rows());
        assertFalse(Files.exists(CapturePaths.partsDir(out)));
        try (Capture c = Capture.open(out)) {
            assertEquals(SALVAGED, c.metadata().rows(EventKind.SCHED_SWITCH));
            assertEquals(SALVAGED, c.metadata().salvagedRows().getAsLong());
            assertEquals("recovered", c.metadata().get(MetadataKeys.COMPLETION));
            assertEquals("jrec record -d 1s", c.metadata().get(MetadataKeys.COMMAND_LINE));
            assertEquals(Long.toString(START_NS), c.metadata().get(MetadataKeys.START_TS));
            assertEquals(Long.toString(START_NS + SALVAGED * 1000L), c.metadata().get(MetadataKeys.END_TS));
        }
    }

    @Test
    void killedEarlyWithAnEmptySpoolLeavesNothingThatBlocksTheNextRecording() throws Exception {
        Path out = killedEarly();
        Rows salvage = new Nothing(null);
        Recovery.RecoveryException e = assertThrows(Recovery.RecoveryException.class, () -> Recovery.recover(out, salvage));
        assertEquals(1, salvage.calls);
        assertTrue(e.getMessage().startsWith("nothing recoverable in "), e.getMessage());
        assertTrue(e.getMessage().contains("removed it"), e.getMessage());
        assertFalse(Files.exists(CapturePaths.partsDir(out)));
        assertFalse(Files.exists(out));
    }

    @Test
    void killedEarlyWithASpoolThisVersionCannotReadKeepsIt() throws Exception {
        Path out = killedEarly();
        String note = "its spool was written by jrec 0.9 and this is test: recover with that version to encode it";
        Recovery.RecoveryException e = assertThrows(Recovery.RecoveryException.class, () -> Recovery.recover(out, new Nothing(note)));
        assertTrue(e.getMessage().contains(note), e.getMessage());
        assertTrue(Files.exists(CapturePaths.partsDir(out).resolve(CapturePaths.SPOOL_MEMORY)), "kept for the version that can read it");
        assertFalse(Files.exists(out));
    }

    @Test
    void salvagedRowsFollowTheSegmentsAndAreCounted() throws Exception {
        Path out = killed();
        Files.write(CapturePaths.partsDir(out).resolve(CapturePaths.SPOOL_MEMORY), new byte[4096]);
        Rows salvage = new Rows();
        Recovery.Result r = Recovery.recover(out, salvage);

        assertEquals(2 * SEGMENT_ROWS * 1000L, salvage.afterTs, "the salvage is asked for what follows the last closed segment");
        assertEquals(SALVAGED, r.salvaged().rows());
        assertFalse(Files.exists(CapturePaths.partsDir(out)));
        try (Capture c = Capture.open(out)) {
            assertEquals(2 * SEGMENT_ROWS + SALVAGED, c.metadata().rows(EventKind.SCHED_SWITCH), "the footer counts the salvaged rows");
            assertEquals(r.rows(), c.metadata().rows());
            assertEquals(Long.toString(SALVAGED), c.metadata().get(MetadataKeys.SALVAGED_ROWS));
            assertEquals(SALVAGED, c.metadata().salvagedRows().getAsLong());
            assertEquals(Long.toString(salvage.afterTs + SALVAGED * 1000L), c.metadata().get(MetadataKeys.END_TS), "the end is the salvage's");
            long last = Long.MIN_VALUE, n = 0;
            try (var events = c.events(EventFilter.kinds(EventKind.SCHED_SWITCH))) {
                for (CapturedEvent e : events) {
                    assertTrue(e.ts() >= last, "rows stay in ts order across the join: " + e.ts() + " after " + last);
                    last = e.ts();
                    n++;
                }
            }
            assertEquals(2 * SEGMENT_ROWS + SALVAGED, n);
        }
    }

    @Test
    void withoutASpoolTheSalvageIsNotAsked() throws Exception {
        Path out = killed();
        Rows salvage = new Rows();
        Recovery.Result r = Recovery.recover(out, salvage);
        assertEquals(0, salvage.calls, "not called");
        assertEquals(Recovery.Salvaged.NONE, r.salvaged());
        try (Capture c = Capture.open(out)) {
            assertNull(c.metadata().get(MetadataKeys.SALVAGED_ROWS));
            assertTrue(c.metadata().salvagedRows().isEmpty());
            assertEquals(2 * SEGMENT_ROWS, c.metadata().rows());
        }
    }
}
