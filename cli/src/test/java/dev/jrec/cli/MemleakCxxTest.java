package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memleak of a C++ program (leak_cxx.cc, compiled here): N arrays of 100 ints from new[] in array_fn, K kept, and
 * one Node of 48 bytes from new in node_fn kept of two. libstdc++ has no frame pointers, so the malloc inside
 * operator new names operator new and no caller: the leaks are found by the operator new calls themselves.
 */
class MemleakCxxTest {
    private static final int N = 30, K = 9;

    @TempDir static Path dir;
    static String capture;
    static long pid;

    @BeforeAll
    static void record() throws Exception {
        Process w = TestPrograms.startReady(TestPrograms.compile(dir, "g++", "leak_cxx.cc"), N, K);
        pid = w.pid();
        Path capturePath = dir.resolve("cxx.parquet"), log = dir.resolve("record.log");
        Process p = ChildRecorder.startAttached(log, "-d", "3s", "--events", "proc", "-p", Long.toString(pid), "-o", capturePath.toString(),
                "--memleak");
        TestPrograms.run(w);
        ChildRecorder.finish(p, log);
        capture = capturePath.toString();
    }

    @Test
    void theLeaksByTheFunctionsThatCalledNew() {
        List<String> rows = ReportCommandTest.lines("report", capture, "memleak", "-p", Long.toString(pid), "--format", "csv");
        String arrays = row(rows, "array_fn()+"), node = row(rows, "node_fn()+");
        assertTrue(arrays.startsWith(K * 400 + "," + K + ","), arrays);
        assertTrue(stack(arrays).matches("operator new\\[\\]\\(unsigned long\\)\\+0x0 \\[libstdc\\+\\+\\.so\\.6[.0-9]*\\] <- array_fn\\(\\)\\+0x.*main\\+0x.*"), arrays);
        assertTrue(node.startsWith("48,1,"), node);
        assertTrue(stack(node).matches("operator new\\(unsigned long\\)\\+0x0 \\[libstdc\\+\\+\\.so\\.6[.0-9]*\\] <- node_fn\\(\\)\\+0x.*"), node);
        // the mallocs inside operator new (and new[]'s operator new) are the same blocks: not counted again
        assertTrue(rows.stream().noneMatch(r -> stack(r).contains("[libstdc++") && !stack(r).startsWith("operator new")), String.join("\n", rows));
    }

    private static String row(List<String> rows, String frame) {
        return rows.stream().filter(r -> stack(r).contains("<- " + frame)).findFirst()
                .orElseThrow(() -> new AssertionError(frame + " in\n" + String.join("\n", rows)));
    }

    /** memleak's stack column in a CSV row (bytes, allocations, pid, comm, stack). */
    private static String stack(String csvRow) {
        String[] f = csvRow.split(",");
        return f.length > 4 ? f[4] : "";
    }
}
