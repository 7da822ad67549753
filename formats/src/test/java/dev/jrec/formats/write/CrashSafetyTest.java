package dev.jrec.formats.write;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A recorder killed with SIGKILL loses at most the segment it was writing; recover makes a capture of the rest. */
class CrashSafetyTest {
    @TempDir Path dir;

    @Test
    void sigkilledWriterLosesOnlyItsOpenSegment() throws Exception {
        Path out = dir.resolve("killed.parquet");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), out.toString(), "200")
                .redirectErrorStream(true).start();
        long durable = 0, written = 0;
        StringBuilder other = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Let it close several segments, then kill it without warning.
            while ((line = r.readLine()) != null && System.nanoTime() < deadline) {
                if (!line.startsWith("durable ")) {
                    other.append(line).append('\n');
                    continue;
                }
                String[] f = line.split(" ");
                durable = Long.parseLong(f[1]);
                written = Long.parseLong(f[3]);
                if (durable > 0 && CapturePaths.closedSegments(CapturePaths.partsDir(out)).size() >= 3) break;
            }
            assertTrue(durable > 0, "child closed segments before the kill; it said: " + other);
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
        }
        assertFalse(Files.exists(out), "no final file: the writer never closed");

        Recovery.Result res = Recovery.recover(out);
        assertTrue(res.rows() >= durable, "every row of a closed segment survives: " + res.rows() + " < " + durable);
        assertTrue(res.rows() <= written + 5000, "no rows beyond what was written");
        assertFalse(Files.exists(CapturePaths.partsDir(out)));

        // What survives is exactly the first rows written, in order, with no gap.
        long expected = 0;
        try (Capture c = Capture.open(out); var events = c.events(EventFilter.ALL)) {
            assertEquals("recovered", c.metadata().completion());
            assertEquals(res.rows(), c.metadata().rows());
            for (CapturedEvent e : events) {
                assertEquals(expected * CrashChild.STEP_NS, e.ts());
                expected++;
            }
        }
        assertEquals(res.rows(), expected);
        System.out.printf("SIGKILL after %d rows written: %d durable at the last report, %d recovered, %d lost (open segment)%n",
                written, durable, res.rows(), written - res.rows());
    }
}
