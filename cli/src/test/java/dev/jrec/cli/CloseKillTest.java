package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real recorder told to stop (SIGTERM), then SIGKILLed the moment inotify shows a stage of its close: the
 * coalesced run of small segments, the {@code .merging} capture, the capture renamed into place. One
 * {@code jrec recover} must then make the capture, holding exactly the rows that were durable at the kill.
 */
class CloseKillTest {
    @TempDir Path dir;
    private Process recorder;
    private Process forks;

    @AfterEach
    void killLeftover() {
        if (recorder != null) recorder.destroyForcibly();
        if (forks != null) forks.destroyForcibly();
    }

    @ParameterizedTest
    @ValueSource(strings = {"seg-000001.parquet.coalesced", "c.parquet.merging", "c.parquet"})
    void oneRecoverFinishesACloseKilledAt(String stage) throws Exception {
        Path out = dir.resolve("c.parquet");
        Path parts = CapturePaths.partsDir(out);
        Path log = dir.resolve("record.log");
        recorder = ChildRecorder.start(List.of(), log, "--events", "proc", "-o", out.toString());
        forks = ProcChurn.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!Files.isDirectory(parts) || CapturePaths.closedSegments(parts).size() < 3) {
            if (!recorder.isAlive()) {
                org.junit.jupiter.api.Assumptions.assumeTrue(recorder.exitValue() != ExitCodes.UNSUPPORTED, Files.readString(log));
                fail("recorder exited early: " + Files.readString(log));
            }
            if (System.nanoTime() > deadline) fail("no 3 closed segments within 90 s: " + Files.readString(log));
            Thread.sleep(20);
        }
        boolean seen;
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            parts.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            recorder.destroy(); // SIGTERM: the close begins
            seen = awaitName(watch, stage);
            recorder.destroyForcibly(); // SIGKILL
        }
        assertTrue(recorder.waitFor(30, TimeUnit.SECONDS));
        assertTrue(seen, "the close made " + stage + ": " + Files.readString(log));
        String state = String.join(" ", dir.toFile().list()) + " | "
                + (Files.isDirectory(parts) ? String.join(" ", parts.toFile().list()) : "-");
        if (recorder.exitValue() == 0) return; // the close outran the kill: nothing to recover, nothing to test
        if (!Files.exists(parts) && Files.exists(out)) {
            // killed after the close had removed the parts (a quiet host gets there between the rename and the kill):
            // the capture is whole, and recover must say so rather than touch it
            long rows = rows(out);
            CliTest.Run r = CliTest.jrec("recover", out.toString());
            assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
            assertTrue(r.err().contains("is complete: there is nothing to recover"), r.err());
            assertEquals(rows, Capture.readAllEvents(out).size(), "the capture after recover's refusal");
            return;
        }

        long durable = Files.exists(out) ? rows(out) : sumOfSegmentRows(parts);
        CliTest.Run r = CliTest.jrec("recover", out.toString());
        assertEquals(0, r.code(), "one recover from [" + state + "]: " + r.err());
        assertFalse(Files.exists(parts), state);
        assertFalse(Files.exists(dir.resolve("c.parquet.merging")), state);
        try (Capture c = Capture.open(out)) {
            assertEquals(durable, c.metadata().rows(), "rows durable at the kill, from [" + state + "]");
        }
        assertEquals(durable, Capture.readAllEvents(out).size());
        System.out.printf("killed at %s, left [%s]: one recover, %d rows (%s)%n", stage, state, durable, r.out().strip());
    }

    private static boolean awaitName(WatchService watch, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
            if (key == null) continue;
            for (WatchEvent<?> e : key.pollEvents()) {
                if (e.context() instanceof Path p && p.toString().equals(name)) return true;
            }
            key.reset();
        }
        return false;
    }

    private static long rows(Path file) throws Exception {
        try (Capture c = Capture.open(file)) { // a closed segment is itself a capture file
            return c.metadata().rows();
        }
    }

    private static long sumOfSegmentRows(Path parts) throws Exception {
        long n = 0;
        for (Path s : CapturePaths.closedSegments(parts)) n += rows(s);
        return n;
    }
}
