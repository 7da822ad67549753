package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live recording (a real recorder in its own JVM) is told apart from an interrupted one: info, recover and a
 * second record -o name its pid and leave it alone; a recorder killed in its first seconds leaves nothing that
 * blocks the next recording.
 */
class LiveCaptureLockTest {
    @TempDir Path dir;
    private final List<Process> started = new java.util.ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Process p : started) p.destroyForcibly();
    }

    private Process record(Path out, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--events", "proc", "-o", out.toString()));
        args.addAll(List.of(more));
        Process p = ChildRecorder.start(List.of(), dir.resolve("record.log"), args.toArray(String[]::new));
        started.add(ProcChurn.start());
        started.add(p);
        return p;
    }

    private void waitFor(Process p, java.util.concurrent.Callable<Boolean> ready, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!ready.call()) {
            if (!p.isAlive()) {
                String log = Files.readString(dir.resolve("record.log"));
                org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() != ExitCodes.UNSUPPORTED, "this host cannot record: " + log);
                fail("recorder exited before " + what + ": " + log);
            }
            if (System.nanoTime() > deadline) fail("no " + what + " within 90 s: " + Files.readString(dir.resolve("record.log")));
            Thread.sleep(20);
        }
    }

    @Test
    void infoRecoverAndASecondRecordNameTheLiveRecordersPidAndLeaveItAlone() throws Exception {
        Path out = dir.resolve("live.parquet");
        Path parts = CapturePaths.partsDir(out);
        Process p = record(out);
        waitFor(p, () -> Files.isDirectory(parts) && !CapturePaths.closedSegments(parts).isEmpty(), "closed segment");
        String busy = "is being recorded by pid " + p.pid() + " (started ";
        String advice = "wait for it or stop it with kill -INT " + p.pid();

        for (String path : new String[] {out.toString(), parts.toString()}) {
            CliTest.Run info = CliTest.jrec("info", path);
            assertEquals(ExitCodes.BAD_INPUT, info.code(), info.err());
            assertTrue(info.err().contains(busy) && info.err().contains(advice), info.err());
            assertFalse(info.err().contains("recover"), "info must not send the user to recover a live recording: " + info.err());
        }
        CliTest.Run recover = CliTest.jrec("recover", out.toString());
        assertEquals(ExitCodes.BAD_INPUT, recover.code(), recover.err());
        assertTrue(recover.err().contains(busy) && recover.err().contains(advice), recover.err());
        assertEquals(1, recover.err().lines().count(), recover.err());
        CliTest.Run second = CliTest.jrec("record", "--events", "proc", "-d", "1s", "-o", out.toString());
        assertEquals(ExitCodes.OUTPUT, second.code(), second.err());
        assertTrue(second.err().contains(busy), second.err());

        assertTrue(p.isAlive(), "the recording goes on");
        assertTrue(Files.isDirectory(parts) && !CapturePaths.closedSegments(parts).isEmpty(), "its segments are untouched");
        p.destroy(); // SIGTERM: it finishes cleanly, none of the above having disturbed it
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("record.log")));
        try (Capture c = Capture.open(out)) {
            assertEquals("clean", c.metadata().completion());
        }
        assertFalse(Files.exists(parts));
    }

    @Test
    void aRecorderKilledBeforeItsFirstSegmentClosedDoesNotBlockTheNextOne() throws Exception {
        Path out = dir.resolve("early.parquet");
        Path parts = CapturePaths.partsDir(out);
        Process p = record(out);
        waitFor(p, () -> Files.isDirectory(parts), "parts folder");
        p.destroyForcibly(); // SIGKILL as soon as the recording started: its first segment is still open
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        int closed = CapturePaths.closedSegments(parts).size();

        CliTest.Run recover = CliTest.jrec("recover", out.toString());
        if (closed == 0 && recover.code() != 0) { // killed before anything reached its spool
            assertEquals(ExitCodes.BAD_INPUT, recover.code(), recover.err());
            assertEquals(1, recover.err().lines().count(), recover.err());
            assertTrue(recover.err().contains("nothing recoverable") && recover.err().contains("removed it"), recover.err());
        } else if (closed == 0) {
            assertTrue(recover.out().contains("from the recorder's spool"), recover.out());
            try (Capture c = Capture.open(out)) {
                assertEquals("recovered", c.metadata().completion());
                assertTrue(c.metadata().salvagedRows().getAsLong() > 0);
            }
            Files.delete(out);
        } else {
            assertEquals(0, recover.code(), "a slow host's kill came after a segment closed: " + recover.err());
            Files.delete(out);
        }
        assertFalse(Files.exists(parts), "no parts folder left to refuse the next recording");

        ChildRecorder.record(dir.resolve("again.log"), "--events", "proc", "-d", "1s", "-o", out.toString());
        try (Capture c = Capture.open(out)) {
            assertEquals("clean", c.metadata().completion());
        }
    }
}
