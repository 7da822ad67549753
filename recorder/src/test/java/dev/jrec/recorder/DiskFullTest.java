package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording onto a small tmpfs: a full disk never costs the capture. */
class DiskFullTest {
    @TempDir Path dir;
    Path small;

    private void mount(String size) throws Exception {
        small = Files.createDirectories(dir.resolve("small"));
        Workloads.run("mount", "-t", "tmpfs", "-o", "size=" + size, "jrec-test", small.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        if (small == null) return;
        StringBuilder open = new StringBuilder();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(small)) open.append(target).append(' ');
                } catch (java.io.IOException ignored) {
                    // closed meanwhile
                }
            }
        }
        assertEquals("", open.toString(), "files on the small disk left open");
        Workloads.run("umount", small.toString());
    }

    @Test
    void tooLittleSpaceToFinishACaptureRefusesToStart() throws Exception {
        mount("3m");
        var e = assertThrows(Recorder.NotEnoughSpace.class, () -> new Recorder(config("nope.parquet")).run((a, b, c, d) -> {}));
        assertTrue(e.getMessage().contains("MiB free") && e.getMessage().contains("choose another -o"), e.getMessage());
        assertFalse(Files.exists(small.resolve("nope.parquet.parts")));
    }

    private RecordConfig config(String name) {
        return RecordConfig.defaults(small.resolve(name)).withSources(EnumSet.of(Source.SCHED, Source.SYSCALL));
    }

    /** Keeps the host busy with switches and syscalls until stopped. */
    private static Thread storm(AtomicBoolean stop) {
        return Thread.ofPlatform().daemon().start(() -> {
            while (!stop.get()) {
                try {
                    Workloads.pingPong(20_000);
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    /**
     * A ring whose --ring-size is more than the disk has: under a syscall storm the disk fills, and the ring drops
     * its oldest segments and keeps recording (a flight recorder must not stop when it is needed most).
     */
    @Test
    void aFullDiskShrinksARingInsteadOfStoppingIt() throws Exception {
        mount("32m");
        var ring = new dev.jrec.recorder.ring.RingOptions(new dev.jrec.formats.write.Ring.Limits(600_000_000_000L, 1L << 30), java.util.List.of(),
                0, 0, 0, dir.resolve("dumps"), 0, 0, new dev.jrec.recorder.ring.RingOptions.Listener() {});
        Recorder.Result r;
        try (LiveRecording rec = new LiveRecording(config("ring").withDiskHeadroom(4L << 20), x -> x.ring(ring).spoolMax(4L << 20))) {
            Workloads.run("dd", "if=/dev/zero", "of=/dev/null", "bs=1", "count=8000000");
            r = rec.stop();
        }
        assertEquals("signal", r.stopReason(), "it recorded until told to stop");
        assertEquals("clean", r.completion());
        assertTrue(r.ring().droppedSegments() > 0, "the full disk took the oldest segments: " + r.ring());
        assertTrue(r.ring().bytes() < 32L << 20, "what is left fits the disk: " + r.ring().bytes());
        var stopped = dev.jrec.formats.write.Ring.load(r.ring().dir());
        assertTrue(stopped.span()[1] >= r.ring().lastTs(), "the newest events are kept");
    }

    @Test
    void lowFreeSpaceStopsCleanlyWhileTheCaptureStillFits() throws Exception {
        mount("48m");
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = storm(stop);
        Recorder.Result r;
        try {
            // 40 MiB must stay free: the recording stops once it has written about 8 MiB.
            r = new Recorder(config("guard.parquet").withDiskHeadroom(40L << 20).withDuration(Duration.ofSeconds(120))).run((e, n, d, b) -> {});
        } finally {
            stop.set(true);
            load.join();
        }
        assertEquals("disk_space", r.stopReason());
        try (Capture c = Capture.open(r.output())) {
            assertEquals("clean", c.metadata().completion());
            assertEquals("disk_space", c.metadata().get(MetadataKeys.STOP_REASON));
        }
    }

    @Test
    void aWriteThatHitsAFullDiskKeepsWhatWasWritten() throws Exception {
        mount("3m");
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = storm(stop);
        Recorder.CaptureWriteFailure failure;
        try {
            RecordConfig cfg = config("full.parquet").withDiskHeadroom(0).withDuration(Duration.ofSeconds(120));
            failure = assertThrows(Recorder.CaptureWriteFailure.class, () -> new Recorder(cfg).run((e, n, d, b) -> {}));
        } finally {
            stop.set(true);
            load.join();
        }
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        Path out = small.resolve("full.parquet");
        if (failure.partial() != null) {
            try (Capture c = Capture.open(out)) {
                assertEquals("partial", c.metadata().completion());
                // Which comes first is a race on 3 MiB: a segment write's ENOSPC ("error"), or the free-space guard
                // ("disk_space"), after which finishing the capture ran out of space. Either way the file says why.
                String why = c.metadata().get(MetadataKeys.STOP_REASON);
                assertTrue(why.equals("error") || why.equals("disk_space"), why);
                assertEquals(failure.partial().totals().rows(), c.metadata().rows(), "the footer counts what the file holds");
            }
        } else {
            // Even the join did not fit: the closed segments are kept, each a valid capture.
            assertTrue(failure.getMessage().contains("jrec recover"), failure.getMessage());
            for (Path seg : CapturePaths.closedSegments(CapturePaths.partsDir(out))) {
                try (Capture c = Capture.open(seg)) {
                    assertTrue(c.metadata().rows() > 0);
                }
            }
        }
    }

    /**
     * Another process fills the disk while jrec records a storm: before, the last 1.4-2.6 s before the fill were
     * gone and `jrec recover` said "0 unfinished segment(s) lost". Now every event to the fill point is in the
     * capture or counted by `disk_full` loss rows over the interval from the last one kept to the end.
     */
    @Test
    void aDiskFilledByAnotherProcessKeepsOrCountsEveryEventToTheFillPoint() throws Exception {
        mount("96m");
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = storm(stop);
        Path out = small.resolve("filled.parquet");
        RecordConfig cfg = config("filled.parquet").withDiskHeadroom(16L << 20).withDuration(Duration.ofSeconds(60));
        Path parts = CapturePaths.partsDir(out);
        long[] fillTs = {0};
        Thread filler = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (!Files.isDirectory(parts) || CapturePaths.closedSegments(parts).size() < 2) Thread.sleep(20);
                fillTs[0] = System.nanoTime();
                // another process takes every free block, as a log or a core dump would
                new ProcessBuilder("dd", "if=/dev/zero", "of=" + small.resolve("filler"), "bs=1M").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Recorder.CaptureWriteFailure failure;
        try {
            failure = assertThrows(Recorder.CaptureWriteFailure.class, () -> new Recorder(cfg).run((e, n, d, b) -> {}));
        } finally {
            stop.set(true);
            load.join();
            filler.join();
        }
        assertTrue(failure.getMessage().contains("No space left on device"), failure.getMessage());
        if (!Files.exists(out)) {
            assertTrue(failure.getMessage().contains("jrec recover"), failure.getMessage());
            Files.delete(small.resolve("filler")); // the user frees space, then recovers
            dev.jrec.formats.write.Recovery.recover(out);
        }
        Files.deleteIfExists(small.resolve("filler"));
        TailAccounting tail = TailAccounting.of(out, "disk_full");
        System.out.println("disk filled at " + fillTs[0] + ": " + tail);
        assertTrue(tail.lastEvent() >= fillTs[0] || (tail.coversTheEnd() && tail.lostFrom() <= fillTs[0]),
                "events up to the fill point are kept, or counted from the last one kept: " + tail);
    }
}
