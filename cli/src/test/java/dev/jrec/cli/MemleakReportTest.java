package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memleak on a real recording with --memleak: python3.11 mallocs 20 blocks of 77,777 bytes through ctypes, frees 12,
 * and reallocs one of the 8 left to 99,999 bytes: 7 x 77,777 + 99,999 = 644,438 bytes in 8 allocations are left,
 * all from libffi's call stub (the interpreter's own allocations come from python3.11's code, not libffi's).
 */
class MemleakReportTest {
    private static final String WORKLOAD = """
            import ctypes, sys
            libc = ctypes.CDLL("libc.so.6")
            print("ready", flush=True)
            sys.stdin.readline()
            libc.malloc.restype = ctypes.c_void_p
            libc.realloc.restype = ctypes.c_void_p
            libc.free.argtypes = [ctypes.c_void_p]
            libc.realloc.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
            blocks = [libc.malloc(77777) for _ in range(20)]
            for b in blocks[:12]:
                libc.free(b)
            kept = blocks[12:]
            kept[0] = libc.realloc(kept[0], 99999)
            print(len(kept))
            """;

    @TempDir static Path dir;
    static String capture;
    static long python;

    @BeforeAll
    static void record() throws Exception {
        Path out = dir.resolve("leak.parquet"), log = dir.resolve("record.log");
        Process w = new ProcessBuilder("/usr/bin/python3.11", "-c", WORKLOAD).redirectErrorStream(true).start();
        python = w.pid();
        // -p names a running process: its libraries are loaded when the recorder reads its maps (one that loads
        // them and exits before the recorder sees its events has addresses no file explains)
        var lines = new java.io.BufferedReader(new java.io.InputStreamReader(w.getInputStream()));
        assertEquals("ready", lines.readLine());
        Process p = ChildRecorder.startAttached(log, "-d", "3s", "--events", "proc", "-p", Long.toString(python), "-o", out.toString(),
                "--memleak");
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
        assertTrue(w.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        ChildRecorder.finish(p, log);
        assertTrue(Files.readString(log).contains("uretprobe"), Files.readString(log));
        capture = out.toString();
    }

    @Test
    void whatWasNotFreedByItsStack() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("report", capture, "memleak", "-T", "1000", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals("bytes,allocations,pid,comm,stack", rows.getFirst());
        long bytes = 0, allocations = 0;
        for (String row : rows.subList(1, rows.size())) {
            if (!row.contains("libffi")) continue;
            String[] f = row.split(",");
            bytes += Long.parseLong(f[0]);
            allocations += Long.parseLong(f[1]);
            assertTrue(row.contains("malloc+0x0 [libc.so.6]") || row.contains("realloc+0x0 [libc.so.6]"), row);
        }
        assertEquals(7 * 77777 + 99999, bytes, r.out());
        assertEquals(8, allocations, r.out());
        ReportCommandTest.Run none = ReportCommandTest.jrec("report", capture, "memleak", "--older", "1h", "--format", "csv");
        assertEquals(1, none.out().lines().count(), "nothing an hour old in a 3 s recording: " + none.out());
    }
}
