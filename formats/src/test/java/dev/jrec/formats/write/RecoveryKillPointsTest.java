package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code recover} finishes a capture from every state a kill during the close (or during an earlier
 * recover) leaves: each temporary file partly written, complete but not renamed, and the joined capture
 * renamed into place with its segments not yet (or half) removed. The states are made here the way the
 * close makes them (the same merger, then truncated or stopped short), since a kill lands in any of them.
 */
class RecoveryKillPointsTest {
    private static final int SEGMENTS = 12, ROWS_PER_SEGMENT = 40;

    @TempDir Path dir;

    /** A recording whose recorder died after closing {@link #SEGMENTS} small segments: returns its durable rows. */
    private long interrupted(Path out) throws IOException {
        long[] now = {0};
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults().withClock(() -> now[0]));
        Random rnd = new Random(5);
        EventBatch b = new EventBatch(ROWS_PER_SEGMENT);
        for (int s = 0; s < SEGMENTS; s++) {
            b.clear();
            for (int i = 0; i < ROWS_PER_SEGMENT; i++) SampleEvents.add(b, EventKind.SCHED_SWITCH, (s * 1000L + i) * 1000L, rnd);
            w.write(b);
            now[0] += 1_000_000_000L;
            w.maybeRoll();
        }
        w.flush();
        long durable = w.durableRows();
        w.abandon();
        assertEquals(SEGMENTS, CapturePaths.closedSegments(CapturePaths.partsDir(out)).size());
        return durable;
    }

    private List<Path> segments(Path out) throws IOException {
        return CapturePaths.closedSegments(CapturePaths.partsDir(out));
    }

    private static void truncateToHalf(Path p) throws IOException {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
    }

    /** The footer the close writes: what a complete, renamed capture carries. */
    private static Map<String, String> cleanFooter(int segments) {
        Map<String, String> f = new LinkedHashMap<>(SampleEvents.recordingMetadata());
        f.put(MetadataKeys.FORMAT_VERSION, "1.0");
        f.put(MetadataKeys.COMPLETION, "clean");
        f.put(MetadataKeys.SEGMENTS, Integer.toString(segments));
        return f;
    }

    /** One recover, then: exactly the durable rows, no parts folder, no temporary file beside the capture. */
    private Recovery.Result recoverOnce(Path out, long durable) throws IOException {
        Recovery.Result r = Recovery.recover(out);
        assertEquals(durable, r.rows());
        try (Capture c = Capture.open(out)) {
            assertEquals(durable, c.metadata().rows());
        }
        assertEquals(durable, Capture.readAllEvents(out).size());
        assertFalse(Files.exists(CapturePaths.partsDir(out)), "parts removed");
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out.getFileName().toString()), s.map(p -> p.getFileName().toString()).toList(), "nothing else left");
        }
        return r;
    }

    /** The close's first step: the closed segments joined into {@code seg-000001.parquet.coalesced} beside them. */
    private Path coalesce(Path out) throws Exception {
        Path joined = segments(out).getFirst().resolveSibling(segments(out).getFirst().getFileName() + ".coalesced");
        Coalescer.rewrite(segments(out), joined);
        return joined;
    }

    @Test
    void aSpoolLeftByTheRecorderIsMeasuredAndRemoved() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Files.write(CapturePaths.partsDir(out).resolve(CapturePaths.SPOOL), new byte[3 << 20]);
        Recovery.Result r = recoverOnce(out, durable);
        assertEquals(3 << 20, r.spoolBytes(), "the warning says how much the spool held");
    }

    @Test
    void noSpoolNoneReported() throws Exception {
        Path out = dir.resolve("c.parquet");
        assertEquals(0, recoverOnce(out, interrupted(out)).spoolBytes());
    }

    @Test
    void coalescedRunPartlyWritten() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Path joined = coalesce(out);
        truncateToHalf(joined);
        assertEquals("recovered", completion(recoverOnce(out, durable)));
    }

    @Test
    void coalescedRunCompleteAndTheMergeNotStarted() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        coalesce(out);
        recoverOnce(out, durable);
    }

    @Test
    void mergingFilePartlyWritten() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Path merging = mergedAside(out, "c.parquet.merging");
        truncateToHalf(merging);
        recoverOnce(out, durable);
    }

    @Test
    void mergingFileCompleteButNotRenamed() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        mergedAside(out, "c.parquet.merging");
        assertEquals("recovered", completion(recoverOnce(out, durable)));
    }

    @Test
    void renamedIntoPlaceButNoSegmentRemoved() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Files.move(mergedAside(out, "c.parquet.merging"), out, StandardCopyOption.ATOMIC_MOVE);
        Recovery.Result r = recoverOnce(out, durable);
        assertTrue(r.cleanedUp());
        assertEquals("clean", completion(r), "the capture the close made is kept as it is");
    }

    @Test
    void renamedIntoPlaceAndHalfTheSegmentsRemoved() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Files.move(mergedAside(out, "c.parquet.merging"), out, StandardCopyOption.ATOMIC_MOVE);
        List<Path> segs = segments(out);
        for (Path s : segs.subList(segs.size() / 2, segs.size()).reversed()) Files.delete(s); // deleteParts' order
        assertTrue(recoverOnce(out, durable).cleanedUp());
    }

    @Test
    void renamedIntoPlaceAndOnlyTheEmptyFolderLeft() throws Exception {
        Path out = dir.resolve("c.parquet");
        long durable = interrupted(out);
        Files.move(mergedAside(out, "c.parquet.merging"), out, StandardCopyOption.ATOMIC_MOVE);
        for (Path s : segments(out)) Files.delete(s);
        Files.deleteIfExists(CapturePaths.partsDir(out).resolve(RecordingLock.FILE));
        assertTrue(recoverOnce(out, durable).cleanedUp());
    }

    @Test
    void aForeignFileAtTheOutputIsNotTakenForTheCapture() throws Exception {
        Path out = dir.resolve("c.parquet");
        interrupted(out);
        Files.writeString(out, "not a capture");
        Recovery.RecoveryException e = assertThrows(Recovery.RecoveryException.class, () -> Recovery.recover(out));
        assertTrue(e.getMessage().contains("move " + out + " away"), e.getMessage());
        assertEquals(SEGMENTS, segments(out).size(), "the segments are kept");
    }

    @Test
    void killedBeforeTheFirstSegmentClosedLeavesNothingThatBlocksTheNextRecording() throws Exception {
        Path out = dir.resolve("early.parquet");
        CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults());
        EventBatch b = new EventBatch(10);
        SampleEvents.add(b, EventKind.SCHED_SWITCH, 1000, new Random(1));
        w.write(b); // held in the open segment, which never closes
        w.abandon();
        assertTrue(Files.isDirectory(CapturePaths.partsDir(out)));

        Recovery.RecoveryException e = assertThrows(Recovery.RecoveryException.class, () -> Recovery.recover(out));
        assertTrue(e.getMessage().startsWith("nothing recoverable in "), e.getMessage());
        assertTrue(e.getMessage().contains("removed it"), e.getMessage());
        assertFalse(Files.exists(CapturePaths.partsDir(out)), "removed, so the next record -o is not refused");
        CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults()).close();
        assertTrue(Files.exists(out));
    }

    @Test
    void aLiveRecordingIsNotRecoveredAndNotTouched() throws Exception {
        Path out = dir.resolve("live.parquet");
        long[] now = {0};
        try (CaptureWriter w = CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults().withClock(() -> now[0]))) {
            EventBatch b = new EventBatch(10);
            SampleEvents.add(b, EventKind.SCHED_SWITCH, 1000, new Random(1));
            w.write(b);
            w.flush();
            Recovery.RecoveryException e = assertThrows(Recovery.RecoveryException.class, () -> Recovery.recover(out));
            assertTrue(e.getMessage().contains(" is being recorded by pid " + ProcessHandle.current().pid() + " (started "), e.getMessage());
            assertTrue(e.getMessage().endsWith("wait for it or stop it with kill -INT " + ProcessHandle.current().pid()), e.getMessage());
            var again = assertThrows(java.nio.file.FileAlreadyExistsException.class,
                    () -> CaptureWriter.create(out, SampleEvents.recordingMetadata(), CaptureWriter.Options.defaults()));
            assertTrue(again.getMessage().contains("is being recorded by pid"), again.getMessage());
            assertEquals(1, segments(out).size(), "its segment is still there");
        }
        try (Capture c = Capture.open(out)) {
            assertEquals("clean", c.metadata().completion());
            assertEquals(1, c.metadata().rows());
        }
    }

    /** The capture the close would make from {@code out}'s segments, written under {@code name} beside it. */
    private Path mergedAside(Path out, String name) throws IOException {
        Path aside = dir.resolve("aside.tmp");
        SegmentMerger.merge(segments(out), aside, cleanFooter(SEGMENTS));
        return Files.move(aside, dir.resolve(name));
    }

    private static String completion(Recovery.Result r) throws IOException {
        try (Capture c = Capture.open(r.capture())) {
            return c.metadata().completion();
        }
    }
}
