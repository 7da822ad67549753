package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events lock --futex-min 5s} of a real ping-pong of futex waits (two python3 threads handing an
 * Event back and forth, each wait far shorter than 5 s): no wait is recorded, the wakes still are, and the footer's
 * jrec.config says what was asked. A bad value is a usage error.
 */
class LockMinTest {
    @TempDir Path dir;

    static final String PING_PONG = """
            import os, threading
            a, b = threading.Event(), threading.Event()
            def pong():
                for _ in range(200):
                    a.wait(); a.clear(); b.set()
            t = threading.Thread(target=pong); t.start()
            for _ in range(200):
                a.set(); b.wait(); b.clear()
            t.join()
            print(os.getpid())
            """;

    @Test
    void shortFutexWaitsAreLeftOutAndWakesAreKept() throws Exception {
        Path out = dir.resolve("lock.parquet"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.startAttached(log, "-d", "3s", "--events", "lock", "--futex-min", "5s", "--comm", "python3", "-o", out.toString());
        Process py = new ProcessBuilder("python3", "-c", PING_PONG).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String pid = new String(py.getInputStream().readAllBytes()).trim();
        assertEquals(0, py.waitFor());
        ChildRecorder.finish(rec, log);
        ReportCommandTest.Run q = ReportCommandTest.jrec("query", out.toString(), "--format", "csv",
                "SELECT (SELECT count(*) FROM futex_wait WHERE pid = " + pid + ") AS waits, (SELECT count(*) FROM futex_wake WHERE pid = " + pid
                        + ") AS wakes, (SELECT value FROM capture_metadata WHERE key = 'jrec.config') AS config");
        assertEquals(0, q.code(), q.err());
        String[] row = q.out().lines().skip(1).findFirst().orElseThrow().split(",", 3);
        assertEquals("0", row[0], "no wait of the ping-pong lasted 5 s: " + q.out());
        assertTrue(Long.parseLong(row[1]) >= 100, "its wakes are kept: " + q.out());
        String config = row[2].replace("\"\"", "\""); // CSV doubles the quotes inside a field
        assertTrue(config.contains("\"futex_min_ns\":5000000000") && config.contains("\"contention_min_ns\":0"), config);
        ReportCommandTest.Run bad = ReportCommandTest.jrec("record", "--events", "lock", "--futex-min", "soon", "-d", "1s", "-o", dir.resolve("x.parquet").toString());
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("--futex-min"), bad.err());
    }
}
