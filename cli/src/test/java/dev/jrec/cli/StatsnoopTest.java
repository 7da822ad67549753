package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrec record --events syscall} of a process that stats 20 missing paths, then {@code jrec report statsnoop}. */
class StatsnoopTest {
    @TempDir Path dir;

    @Test
    void eachMissedStatIsListedWithItsPathAndErrno() throws Exception {
        Path out = dir.resolve("stat.parquet"), log = dir.resolve("record.log");
        Process rec = ChildRecorder.startAttached(log, "-d", "4s", "--events", "syscall", "--syscalls", "stat,lstat,newfstatat,statx",
                "-o", out.toString());
        Process py = new ProcessBuilder("python3", "-c", """
                import os
                for i in range(20):
                    try: os.stat('/nonexistent-jrec/%d' % i)
                    except FileNotFoundError: pass
                print(os.getpid())""").redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String pid = new String(py.getInputStream().readAllBytes()).trim();
        assertEquals(0, py.waitFor());
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run r = ReportCommandTest.jrec("report", out.toString(), "statsnoop", "-p", pid);
        assertEquals(0, r.code(), r.err());
        List<String> missing = r.out().lines().filter(l -> l.contains("/nonexistent-jrec/")).toList();
        assertTrue(r.out().strip().startsWith("TIME(s)"), r.out());
        assertEquals(20, missing.size(), r.out());
        for (int i = 0; i < 20; i++) {
            String[] f = missing.get(i).trim().split(" +");
            assertEquals(List.of(pid, "-1", "2", "/nonexistent-jrec/" + i), List.of(f[1], f[3], f[4], f[6]), missing.get(i));
        }
    }
}
