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
 * User probes on a real recording: Debian's python3.11 calls libc's usleep(2000) 25 times and getenv on 25 names
 * of its own through ctypes, and collects generation 1 seven times (USDT python:gc__start; bpftrace counts 7 of 7,
 * the interpreter's own collections being of generations 0 and 2), then imports colorsys, quopri and shlex
 * (python:import__find__load__start, the module's name as its string argument).
 */
class UprobeReportTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3.11");
    private static final String WORKLOAD = """
            import ctypes, gc, sys
            sys.stdin.readline()
            libc = ctypes.CDLL("libc.so.6")
            libc.getenv.restype = ctypes.c_char_p
            for i in range(25):
                libc.usleep(2000)
                libc.getenv(b"JREC_UPROBE_%d" % i)
            for _ in range(7):
                gc.collect(1)
            import colorsys, quopri, shlex
            """;

    @TempDir static Path dir;
    static String capture;
    static long python;

    @BeforeAll
    static void record() throws Exception {
        assertTrue(Files.isExecutable(PYTHON), "Debian's python3.11 (with its USDT notes) is needed: apt-get install -y python3.11");
        Path out = dir.resolve("uprobe.parquet"), log = dir.resolve("record.log");
        Process w = new ProcessBuilder(PYTHON.toString(), "-c", WORKLOAD).redirectErrorStream(true).start();
        python = w.pid();
        Process p = ChildRecorder.startAttached(log, "-d", "4s", "--events", "proc", "-p", Long.toString(python), "-o", out.toString(),
                "--uretprobe", "libc:usleep(usec)", "--uprobe", "libc:getenv(str name)",
                "--usdt", PYTHON + ":python:gc__start(generation)", "--usdt", PYTHON + ":python:import__find__load__start(str module)",
                "--uprobe-stacks");
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
        assertTrue(w.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "python finished");
        assertEquals(0, w.exitValue(), new String(w.getInputStream().readAllBytes()));
        ChildRecorder.finish(p, log);
        capture = out.toString();
    }

    private static List<String> lines(String... args) {
        return ReportCommandTest.lines(args);
    }

    private static String sql(String query) {
        return ReportCommandTest.sql(capture, query);
    }

    @Test
    void everyCallIsARowWithItsArguments() {
        String sleeps = sql("SELECT count(*), min(args[1]), max(args[1]), min(dur_ns) >= 2000000, count(stack_id), any_value(module)"
                + " FROM uprobe_call WHERE func = 'usleep' AND kind = 'uretprobe' AND ret = 0 AND pid = " + python);
        assertTrue(sleeps.contains("25 2000 2000 true 25 /usr/lib/x86_64-linux-gnu/libc.so.6") || sleeps.contains("25 2000 2000 true 25 /lib/x86_64-linux-gnu/libc.so.6"), sleeps);
        String names = sql("SELECT count(*), count(DISTINCT arg_str) FROM uprobe_call WHERE func = 'getenv' AND kind = 'uprobe'"
                + " AND arg_str LIKE 'JREC_UPROBE_%' AND pid = " + python);
        assertTrue(names.endsWith("25 25"), names);
        String gcs = sql("SELECT count(*) FROM uprobe_call WHERE kind = 'usdt' AND func = 'gc__start' AND args[1] = 1 AND pid = " + python);
        assertTrue(gcs.endsWith("7"), gcs);
        // the modules imported after the line: each found and loaded once (those already imported are not looked for)
        String imports = sql("SELECT string_agg(arg_str || '=' || n, ' ' ORDER BY arg_str) FROM (SELECT arg_str, count(*) AS n FROM uprobe_call"
                + " WHERE func = 'import__find__load__start' AND arg_str IN ('colorsys', 'quopri', 'shlex') AND pid = " + python + " GROUP BY 1)");
        assertTrue(imports.endsWith("colorsys=1 quopri=1 shlex=1"), imports);
    }

    @Test
    void theCallerIsOnTheStack() {
        // usleep's caller is libffi's call stub (ctypes), whose address comes from [sp] at usleep's first instruction
        String frames = sql("SELECT sf.depth, f.func, regexp_extract(f.module, '[^/]*$') FROM (SELECT DISTINCT stack_id FROM uprobe_call"
                + " WHERE func = 'usleep' AND pid = " + python + ") s JOIN stack_frame sf USING (stack_id) JOIN frame f USING (frame_id)"
                + " WHERE sf.depth < 2 ORDER BY sf.depth");
        assertTrue(frames.contains("0 usleep libc.so.6") && frames.matches("(?s).*1 \\S+ libffi\\.so[.0-9]*.*"), frames);
    }

    @Test
    void funccountAndFunclatencyAsBccPrintsThem() {
        List<String> count = lines("report", capture, "funccount", "-p", Long.toString(python));
        assertEquals("FUNC COUNT PROBE", count.getFirst(), String.join("\n", count));
        assertTrue(count.stream().anyMatch(l -> l.startsWith("usleep 25 uretprobe:")), String.join("\n", count));
        assertTrue(count.stream().anyMatch(l -> l.startsWith("gc__start ")), String.join("\n", count));
        List<String> lat = lines("report", capture, "funclatency", "usleep", "-u");
        assertEquals("usecs : count distribution", lat.getFirst(), String.join("\n", lat));
        long total = 0, below = 0;
        for (String l : lat) {
            String[] f = l.split(" ");
            if (f.length >= 5 && f[1].equals("->")) {
                long n = Long.parseLong(f[4]);
                total += n;
                if (Long.parseLong(f[2]) < 1024) below += n;
            }
        }
        assertEquals(25, total, String.join("\n", lat));
        assertEquals(0, below, "no usleep(2000) call under 1024 us:\n" + String.join("\n", lat));
    }

    @Test
    void aMissingFunctionIsOneLineWithAdvice() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("record", "-d", "1s", "-o", dir.resolve("x.parquet").toString(),
                "--uprobe", "libc:no_such_function_jrec");
        assertEquals(ExitCodes.USAGE, r.code(), r.err());
        assertTrue(r.err().contains("no symbol no_such_function_jrec in ") && r.err().contains("inlined"), r.err());
        ReportCommandTest.Run bad = ReportCommandTest.jrec("record", "-d", "1s", "-o", dir.resolve("y.parquet").toString(),
                "--uprobe", "libc:malloc(size");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().contains("no closing ')'"), bad.err());
    }
}
