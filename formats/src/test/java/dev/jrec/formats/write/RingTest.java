package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ring keeps the newest events within its limits, and a dump of a window is a capture whose counts are its rows. */
class RingTest {
    private static final long S = 1_000_000_000L;
    @TempDir Path dir;

    /** One second of 10,000 sched and syscall rows, a thread row per new tid, and the wall clock moved a second. */
    private static long second(CaptureWriter w, long[] now, long ts, int sec, Random rnd) throws Exception {
        EventBatch b = new EventBatch(w.batchCapacity());
        for (int i = 0; i < 10; i++) {
            b.clear();
            int t = b.add(EventKind.THREAD, ts);
            b.setInt(Column.PID, t, 1000 + sec);
            b.setInt(Column.TID, t, 1000 + sec * 10 + i);
            b.setString(Column.COMM, t, "worker-" + sec);
            for (int j = 0; j < 1_000; j++) {
                ts += 100_000;
                SampleEvents.add(b, j % 2 == 0 ? EventKind.SCHED_SWITCH : EventKind.SYSCALL, ts, rnd);
            }
            w.write(b);
            now[0] += 100_000_000L;
        }
        w.maybeRoll();
        return ts;
    }

    /** A ring writer whose wall clock is now[0], so that a test moves it. */
    private static CaptureWriter ringWriter(Path out, long[] now, Ring.Limits limits) throws Exception {
        return CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults()
                .withClock(() -> now[0]).withBatchCapacity(4096).withRing(limits));
    }

    private static long filesBytes(Path parts) throws Exception {
        try (Stream<Path> s = Files.list(parts)) {
            return s.filter(p -> p.getFileName().toString().matches("(seg|tables)-.*")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void keepsTheLastSecondsDropsTheOldestFirstAndDumpsAWindow() throws Exception {
        long[] now = {0};
        Path out = dir.resolve("ring");
        CaptureWriter w = ringWriter(out, now, new Ring.Limits(5 * S, 0));
        Random rnd = new Random(3);
        long ts = 10 * S;
        for (int sec = 0; sec < 20; sec++) ts = second(w, now, ts, sec, rnd);
        Path parts = CapturePaths.partsDir(out);
        assertFalse(Files.exists(CapturePaths.segment(parts, 1)), "the oldest segment went first");
        long[] span = w.ring().span();
        assertTrue(span[1] - span[0] <= 6 * S && span[1] - span[0] >= 4 * S, "about 5 s kept: " + (span[1] - span[0]) / 1e9);

        Ring.Snapshot snap = w.dump(ts - 2 * S, ts);
        Path dump = dir.resolve("dump.parquet");
        snap.write(dump, SampleEvents.recordingMetadata(), Map.of("jrec.dump.reason", "test"));
        Map<EventKind, Long> rows = new EnumMap<>(EventKind.class);
        long first = Long.MAX_VALUE;
        try (Capture c = Capture.open(dump); Capture.EventStream events = c.events(EventFilter.ALL)) {
            assertEquals("dump", c.metadata().completion());
            assertEquals("test", c.metadata().get("jrec.dump.reason"));
            for (CapturedEvent e : events) {
                rows.merge(e.kind(), 1L, Long::sum);
                if (e.kind() != EventKind.THREAD) first = Math.min(first, e.ts());
            }
            for (EventKind k : rows.keySet()) assertEquals(rows.get(k), c.metadata().rows(k), k + ": the footer counts the dump's rows");
            assertEquals(first, c.metadata().startNs().getAsLong());
        }
        assertTrue(first >= ts - 3 * S - 1 && first <= ts - 2 * S, "the window, in whole segments: starts " + (ts - first) / 1e9 + " s before the end");
        assertTrue(rows.get(EventKind.THREAD) >= 10, "the threads the window's events refer to come along: " + rows.get(EventKind.THREAD));

        w.close(Map.of());
        assertTrue(Files.exists(parts.resolve(Ring.STOPPED)));
        Ring again = Ring.load(parts);
        assertArrayEquals(w.ring().span(), again.span(), "a stopped ring reads back as it was");
        Path offline = dir.resolve("offline.parquet");
        again.snapshot(Long.MIN_VALUE, Long.MAX_VALUE).write(offline, SampleEvents.recordingMetadata(), Map.of());
        try (Capture c = Capture.open(offline)) {
            assertTrue(c.metadata().rows(EventKind.SCHED_SWITCH) >= 20_000, "the whole ring, 5 s or more of it");
        }
        try (Stream<Path> s = Files.list(parts)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(Ring.STAGING)), "dumps leave no staging behind");
        }
    }

    @Test
    void neverHoldsMoreThanItsSizeOnDisk() throws Exception {
        long[] now = {0};
        Path out = dir.resolve("ring");
        long limit = 1L << 20;
        CaptureWriter w = ringWriter(out, now, new Ring.Limits(3600 * S, limit));
        Random rnd = new Random(5);
        long ts = 10 * S, most = 0;
        Path parts = CapturePaths.partsDir(out);
        for (int sec = 0; sec < 40; sec++) {
            ts = second(w, now, ts, sec, rnd);
            most = Math.max(most, filesBytes(parts));
        }
        assertTrue(most <= limit, "closed files " + most + " bytes, over --ring-size " + limit);
        assertTrue(w.ring().evictedSegments() > 10, "the limit was reached and old segments dropped: " + w.ring().evictedSegments());
        assertTrue(w.ring().bytes() > limit / 2, "the limit is used: " + w.ring().bytes());
        w.close(Map.of());
    }

    /** A late row (older than the rows before it in its segment) is inside its segment's span: a dump of its time holds it. */
    @Test
    void aLateRowIsInTheSpanOfItsSegment() throws Exception {
        long[] now = {0};
        CaptureWriter w = ringWriter(dir.resolve("late"), now, new Ring.Limits(60 * S, 0));
        Random rnd = new Random(5);
        long ts = second(w, now, 10 * S, 0, rnd); // segment 1: 10-11 s
        EventBatch b = new EventBatch(w.batchCapacity());
        for (long at : new long[] {ts + S, ts + S + 10_000_000L}) { // 10 ms apart: past the reorder window, written
            b.clear();
            SampleEvents.add(b, EventKind.SYSCALL, at, rnd);
            w.write(b);
        }
        b.clear();
        int late = SampleEvents.add(b, EventKind.SCHED_SWITCH, ts - 3 * S / 2, rnd); // drained late: 9.5 s, in segment 2
        w.write(b);
        now[0] += S;
        w.maybeRoll();
        Ring.Snapshot snap = w.dump(ts - 3 * S / 2 - 1000, ts - 3 * S / 2 + 1000);
        Path dump = dir.resolve("late.parquet");
        snap.write(dump, SampleEvents.recordingMetadata(), Map.of());
        try (Capture c = Capture.open(dump); Capture.EventStream events = c.events(EventFilter.ALL)) {
            boolean found = false;
            for (CapturedEvent e : events) found |= e.ts() == ts - 3 * S / 2 && e.kind() == EventKind.SCHED_SWITCH;
            assertTrue(found, "the late row " + late + " is in the dump of its time");
        }
        w.close(Map.of());
    }

    /** A writer that did not run for 3 s writes them at once: its segments still span a second each, and a dump of the last second holds at most one more. */
    @Test
    void aStalledWritersSegmentsSpanASecondOfEventsEach() throws Exception {
        long[] now = {0};
        CaptureWriter w = ringWriter(dir.resolve("stalled"), now, new Ring.Limits(60 * S, 0));
        Random rnd = new Random(7);
        EventBatch b = new EventBatch(w.batchCapacity());
        long ts = 10 * S;
        for (int batch = 0; batch < 30; batch++) { // 3 s of events, the wall clock still
            b.clear();
            for (int j = 0; j < 1_000; j++) SampleEvents.add(b, EventKind.SYSCALL, ts += 100_000, rnd);
            w.write(b);
        }
        Ring.Snapshot snap = w.dump(ts - S, ts);
        assertTrue(snap.firstTs() >= ts - 2 * S, "the last second's dump starts " + (ts - snap.firstTs()) + " ns before the end");
        w.close(Map.of());
    }
}
