package dev.jrec.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.Recovery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorder SIGKILLed while its encoder is behind: {@code jrec recover} encodes what its spool held, in memory
 * (a shared mapping of spool.mem) and in its spill file, so every event the drain had read is in the capture.
 */
class SpoolSalvageTest {
    @TempDir Path dir;

    @Test
    void aKilledRecordersSpoolIsEncodedByRecovery() throws Exception {
        Recovery.Result res = killAndRecover(false);
        assertTrue(res.segments() > 0, "the segments closed before the freeze are joined: " + res);
    }

    /** Killed before its first segment closed: the spool alone makes the capture, under the metadata written at the start. */
    @Test
    void aRecorderKilledBeforeItsFirstSegmentClosedIsRecoveredFromItsSpool() throws Exception {
        Recovery.Result res = killAndRecover(true);
        assertEquals(0, res.segments(), "no segment had closed: " + res);
    }

    private Recovery.Result killAndRecover(boolean early) throws Exception {
        int n = 40_000;
        String path = "/nonexistent/jrec-salvage-" + ProcessHandle.current().pid();
        Path out = dir.resolve("killed.parquet");
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                SpoolKillChild.class.getName(), out.toString(), Integer.toString(n), path, early ? "early" : "late")
                .redirectErrorStream(true).start();
        long pid = -1, spilled = -1;
        StringBuilder said = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            String line;
            while (spilled < 0 && (line = r.readLine()) != null) {
                said.append(line).append('\n');
                if (line.startsWith("pid ")) pid = Long.parseLong(line.substring(4));
                if (line.startsWith("spilled ")) spilled = Long.parseLong(line.substring(8));
            }
        } finally {
            child.destroyForcibly(); // SIGKILL
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertTrue(pid > 0 && spilled > 0, "the child's encoder fell behind and spilled: " + said);
        Path parts = CapturePaths.partsDir(out);
        assertTrue(Files.exists(parts.resolve(CapturePaths.SPOOL_MEMORY)), "the memory chunks are a file that outlives the recorder");

        Recovery.Result res = Recovery.recover(out, new SpoolSalvage());
        assertTrue(res.salvaged().rows() >= n, "salvaged " + res.salvaged());
        assertEquals(null, res.salvaged().note());
        assertFalse(Files.exists(parts), "the parts folder, spool included, is gone after the join");
        long opens = 0;
        try (Capture c = Capture.open(out); var s = c.events(EventFilter.kinds(EventKind.SYSCALL))) {
            assertEquals("recovered", c.metadata().completion());
            assertEquals(Source.SYSCALL.id(), c.metadata().get(MetadataKeys.SOURCES), "the recording's own metadata");
            assertEquals(Long.toString(res.salvaged().rows()), c.metadata().get(MetadataKeys.SALVAGED_ROWS));
            assertEquals(res.rows(), c.metadata().rows(), "the footer counts the salvaged rows too");
            for (var e : s) {
                if (e.pid() == pid && path.equals(e.getString(Column.PATH))) opens++;
            }
        }
        assertEquals(n, opens, "every failed open the drain had read is in the capture, once");
        return res;
    }
}
