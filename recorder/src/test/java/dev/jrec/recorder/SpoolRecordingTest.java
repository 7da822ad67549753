package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encoder slower than the events, on a real workload: the spool takes what the encoder has not reached
 * (in its file once memory is full) and the capture ends up with every event, none dropped.
 */
class SpoolRecordingTest {
    @TempDir Path dir;

    @Test
    void aSlowEncoderSpillsToTheSpoolFileInsteadOfDropping() throws Exception {
        int n = 60_000;
        String path = "/nonexistent/jrec-spool-" + ProcessHandle.current().pid();
        RecordConfig cfg = RecordConfig.defaults(dir.resolve("slow.parquet")).withSources(EnumSet.of(Source.SYSCALL));
        AtomicBoolean sawFile = new AtomicBoolean();
        Path spoolFile = CapturePaths.partsDir(cfg.output().toAbsolutePath()).resolve(CapturePaths.SPOOL);
        // 20 ms a chunk: the workload's ~60,000 records of ~300 bytes fill a 1 MiB chunk far faster
        EncoderThread.Hook slow = () -> {
            if (Files.exists(spoolFile)) sawFile.set(true);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long pid;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg, x -> x.spoolForTest(2, slow))) {
            pid = Workloads.openMissing(n, path);
            r = rec.stop();
        }
        assertTrue(r.spool().spilledBytes() > 4 << 20, "the spool's file took the backlog: " + r.spool());
        assertTrue(sawFile.get(), "the encoder read chunks back while the file existed");
        assertEquals(0L, r.drops().values().stream().mapToLong(Long::longValue).sum(), "nothing dropped: " + r.drops());
        assertEquals(0L, r.spool().stalledNs(), "the drain never waited for the encoder");
        assertTrue(r.spool().catchUpNs() > 0);
        long opens = 0;
        try (Capture c = Capture.open(r.output()); var s = c.events(EventFilter.kinds(EventKind.SYSCALL))) {
            for (var e : s) if (e.pid() == pid && path.equals(e.getString(Column.PATH))) opens++;
        }
        assertEquals(n, opens, "every failed open is a row, as in an unhindered recording (RecordingTest)");
        try (Capture c = Capture.open(r.output())) {
            var m = c.metadata();
            assertEquals(Long.toString(r.spool().spilledBytes()), m.get(dev.jrec.formats.schema.MetadataKeys.SPOOL_SPILLED_BYTES));
            assertEquals(Long.toString(r.spool().catchUpNs()), m.get(dev.jrec.formats.schema.MetadataKeys.SPOOL_CATCH_UP_NS));
            assertEquals("0", m.get(dev.jrec.formats.schema.MetadataKeys.DRAIN_STALL_NS));
            String config = m.get(dev.jrec.formats.schema.MetadataKeys.CONFIG);
            assertTrue(config.endsWith(",\"drain_nice\":-20,\"encoder_nice\":19,\"spool_max_bytes\":0}"), config);
        }
        assertFalse(Files.exists(spoolFile), "the spool's file is removed when the recording ends");
    }

    /** The encoder sleeps 50 ms a chunk: 1 MiB in memory, 1 MiB of file, and a drain that must then wait. */
    private static final EncoderThread.Hook SLOWER = () -> {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    @Test
    void pastTheSpoolsBoundTheKernelCountsWhatTheRingsCannotHold() throws Exception {
        int n = 60_000;
        String path = "/nonexistent/jrec-spool-full-" + ProcessHandle.current().pid();
        RecordConfig cfg = RecordConfig.defaults(dir.resolve("full.parquet")).withSources(EnumSet.of(Source.SYSCALL)).withRingBytes(256 << 10);
        long pid;
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(cfg, x -> x.spoolForTest(1, SLOWER).spoolMax(1 << 20))) {
            pid = Workloads.openMissing(n, path);
            r = rec.stop();
        }
        long drops = r.drops().get(Source.SYSCALL);
        assertTrue(r.spool().stalledNs() > 0, "memory and file full: the drain waited for the encoder: " + r.spool());
        assertTrue(r.spool().fileBytes() <= 1 << 20, "the file stayed within --spool-max: " + r.spool());
        assertTrue(drops > 0, "the kernel dropped while the drain waited");
        long opens = 0, lost = 0;
        try (Capture c = Capture.open(r.output()); var s = c.events(EventFilter.kinds(EventKind.SYSCALL, EventKind.LOSS))) {
            for (var e : s) {
                if (e.kind() == EventKind.LOSS) lost += e.getLong(Column.LOST);
                else if (e.pid() == pid && path.equals(e.getString(Column.PATH))) opens++;
            }
        }
        assertEquals(drops, lost, "every drop is in the capture's loss rows");
        assertTrue(opens < n && opens + lost >= n, "what is missing is counted: " + opens + " rows, " + lost + " lost of " + n);
    }
}
