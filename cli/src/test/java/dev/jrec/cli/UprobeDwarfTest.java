package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --uprobe-stacks dwarf against frame pointers, on code built without them: Debian's python3.11 calls libc's usleep
 * 20 times through ctypes. Unwound with .eh_frame from the registers at usleep's entry, each call's stack reaches
 * the interpreter's main through libffi and the eval loop; a frame-pointer walk (with the caller put back) stops
 * at libffi.
 */
class UprobeDwarfTest {
    private static final String WORKLOAD = """
            import ctypes, sys
            sys.stdin.readline()
            libc = ctypes.CDLL("libc.so.6")
            for i in range(20):
                libc.usleep(1000)
            """;

    @TempDir static Path dir;
    static String dwarf, fp;

    @BeforeAll
    static void record() throws Exception {
        dwarf = record("dwarf", "--uprobe-stacks", "dwarf");
        fp = record("fp", "--uprobe-stacks");
    }

    private static String record(String name, String... stacks) throws Exception {
        Path out = dir.resolve(name + ".parquet"), log = dir.resolve(name + ".log");
        Process w = new ProcessBuilder("/usr/bin/python3.11", "-c", WORKLOAD).redirectErrorStream(true).start();
        List<String> args = new java.util.ArrayList<>(List.of("-d", "3s", "--events", "proc", "-p", Long.toString(w.pid()),
                "-o", out.toString(), "--uretprobe", "libc:usleep(usec)"));
        args.addAll(List.of(stacks));
        Process p = ChildRecorder.startAttached(log, args.toArray(String[]::new));
        w.getOutputStream().write('\n');
        w.getOutputStream().flush();
        assertTrue(w.waitFor(30, TimeUnit.SECONDS), "python finished");
        assertEquals(0, w.exitValue(), new String(w.getInputStream().readAllBytes()));
        ChildRecorder.finish(p, log);
        return out.toString();
    }

    /** Each distinct stack of the usleep calls, leaf first, with the calls it has. */
    private static List<String> stacks(String capture) {
        return ReportCommandTest.lines("query", capture, "SELECT count(*) AS calls, (SELECT string_agg(f.func, ' <- ' ORDER BY sf.depth)"
                + " FROM stack_frame sf JOIN frame f USING (frame_id) WHERE sf.stack_id = u.stack_id) AS stack"
                + " FROM uprobe_call u WHERE func = 'usleep' GROUP BY stack_id ORDER BY calls DESC", "--format", "csv");
    }

    @Test
    void everyCallUnwoundToTheInterpretersMain() {
        List<String> d = stacks(dwarf);
        assertEquals(20, d.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[0])).sum(), String.join("\n", d));
        for (String l : d.subList(1, d.size())) {
            assertTrue(l.matches("\\d+,usleep <- ffi_call <- .*_PyEval_EvalFrameDefault <- .*Py_BytesMain <- __libc_start_call_main.*"), l);
        }
    }

    @Test
    void framePointersAloneStopShortOfIt() {
        List<String> f = stacks(fp);
        assertEquals(20, f.stream().skip(1).mapToInt(l -> Integer.parseInt(l.split(",")[0])).sum(), String.join("\n", f));
        // the caller put back is libffi's ffi_call_unix64, a local symbol of a stripped file (unnamed), and no frame
        // pointer leads on from it
        assertTrue(f.stream().skip(1).allMatch(l -> l.matches("\\d+,usleep.*") && !l.contains("_PyEval_EvalFrameDefault")), String.join("\n", f));
    }
}
