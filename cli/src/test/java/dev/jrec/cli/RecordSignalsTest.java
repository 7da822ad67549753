package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `jrec record` as a real process: SIGTERM finishes the capture; SIGKILL leaves segments for recover. */
class RecordSignalsTest {
    @TempDir Path dir;
    private final List<Process> started = new java.util.ArrayList<>();

    /** A failed assertion must not leave a recorder running on the host. */
    @org.junit.jupiter.api.AfterEach
    void killLeftovers() {
        for (Process p : started) p.destroyForcibly();
    }

    private Process record(Path out) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Jrec.class.getName(), "record", "--events", "sched,proc", "-o", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("record.log").toFile()).start();
        started.add(p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path parts = CapturePaths.partsDir(out);
        while (!Files.isDirectory(parts) || CapturePaths.closedSegments(parts).size() < 2) {
            if (!p.isAlive()) fail("recorder exited early: " + Files.readString(dir.resolve("record.log")));
            if (System.nanoTime() > deadline) fail("no segment closed within 60 s: " + Files.readString(dir.resolve("record.log")));
            Thread.sleep(50);
        }
        return p;
    }

    @Test
    void sigtermFinishesACleanCapture() throws Exception {
        Path out = dir.resolve("term.parquet");
        Process p = record(out);
        String maps = Files.readString(Path.of("/proc/" + p.pid() + "/maps"));
        assertFalse(maps.contains("duckdb"), "a production host's recorder never loads DuckDB's native library");
        assertFalse(maps.contains("libglass") || maps.contains("javafx"), "nor JavaFX");
        assertTrue(maps.contains("libbpf.so"), "it does load libbpf");
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("record.log"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(log.contains("finishing the capture"), log);
        assertFalse(Files.exists(CapturePaths.partsDir(out)));
        try (Capture c = Capture.open(out)) {
            assertEquals("clean", c.metadata().completion());
            assertEquals("signal", c.metadata().get(MetadataKeys.STOP_REASON));
            assertTrue(c.metadata().events(Source.SCHED) > 0);
        }
    }

    @Test
    void sigkillLeavesSegmentsThatRecoverTurnsIntoACapture() throws Exception {
        Path out = dir.resolve("kill.parquet");
        Process p = record(out);
        int closed = CapturePaths.closedSegments(CapturePaths.partsDir(out)).size();
        p.destroyForcibly(); // SIGKILL
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(out));
        CliTest.Run r = CliTest.jrec("recover", out.toString());
        assertEquals(0, r.code(), r.err());
        try (Capture c = Capture.open(out)) {
            assertEquals("recovered", c.metadata().completion());
            assertTrue(Integer.parseInt(c.metadata().get(MetadataKeys.SEGMENTS)) >= closed);
            assertTrue(c.metadata().events(Source.SCHED) > 0);
        }
        assertEquals(List.of(), List.of(dir.toFile().list((d, n) -> n.endsWith(CapturePaths.PARTS_SUFFIX))));
    }
}
