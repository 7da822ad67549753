package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec record --events lock -p PID} of a JVM whose threads contend on its mmap_lock (malloc'd 256 KiB blocks
 * are mapped and unmapped) and hand a turn back and forth with park/unpark, then {@code jrec report lockstat} as
 * perf lock contention prints it (the caller outside the locking code, the lock by name with -l) and
 * {@code futexctn} naming the thread that woke the waits.
 */
class LockReportTest {
    @TempDir Path dir;

    @Test
    void recordedContentionReportsAsPerfLockContentionAndFutexctn() throws Exception {
        Path src = dir.resolve("LockWorkload.java"), out = dir.resolve("lock.parquet"), log = dir.resolve("record.log");
        try (var in = LockReportTest.class.getResourceAsStream("LockWorkload.java")) {
            Files.copy(in, src);
        }
        ProcessBuilder pb = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), src.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("work.log").toFile());
        pb.environment().put("MALLOC_MMAP_THRESHOLD_", "131072"); // a fixed threshold: every 256 KiB block is mapped and unmapped
        Process work = pb.start();
        Process rec = ChildRecorder.start(List.of(), log, "-d", "8s", "--events", "lock", "-p", Long.toString(work.pid()), "-o", out.toString());
        while (!Files.readString(log).contains("jrec: recording") && rec.isAlive()) Thread.sleep(50);
        try (OutputStream go = work.getOutputStream()) {
            go.write('\n');
        }
        assertTrue(work.waitFor(60, TimeUnit.SECONDS), "workload ends");
        assertTrue(Files.readString(dir.resolve("work.log")).contains("done 4000"), Files.readString(dir.resolve("work.log")));
        rec.destroy(); // SIGTERM: finishes the capture now the workload is done
        ChildRecorder.finish(rec, log);

        ReportCommandTest.Run lockstat = ReportCommandTest.jrec("report", out.toString(), "lockstat");
        assertEquals(0, lockstat.code(), lockstat.err());
        String text = lockstat.out();
        System.out.println("jrec report lockstat:\n" + text);
        assertTrue(text.matches("(?s)CONTENDED +TOTAL_WAIT\\(us\\) +MAX_WAIT\\(us\\) +AVG_WAIT\\(us\\) +TYPE +CALLER\n.*"), text);
        Matcher mm = Pattern.compile("(?m)^ *([0-9]+) +[0-9.,]+ +[0-9.,]+ +[0-9.,]+ +rwsem:[RW] +(\\S+)$").matcher(text);
        assertTrue(mm.find(), "an mmap_lock row: " + text);
        String caller = mm.group(2);
        assertTrue(caller.matches("[A-Za-z_][A-Za-z0-9_.]*\\+0x[0-9a-f]+"), "function+offset: " + caller);
        assertFalse(caller.matches("(_raw_|down_|rwsem_|__down|queued_).*"), "the caller, not the locking code: " + caller);
        ReportCommandTest.Run byLock = ReportCommandTest.jrec("report", out.toString(), "lockstat", "-l");
        assertTrue(byLock.out().matches("(?s)CONTENDED .* TYPE +LOCK\n(.*\n)? *[0-9]+ +.* rwsem:[RW] +mmap_lock\n.*"), byLock.out());
        ReportCommandTest.Run byTask = ReportCommandTest.jrec("report", out.toString(), "lockstat", "-t", "-p", Long.toString(work.pid()));
        assertTrue(byTask.out().matches("(?s).* TASK\n(.*\n)?.* storm-[0-9] \\([0-9]+\\)\n.*"), byTask.out());
        ReportCommandTest.Run both = ReportCommandTest.jrec("report", out.toString(), "lockstat", "-l", "-t");
        assertEquals(ExitCodes.USAGE, both.code());

        ReportCommandTest.Run futex = ReportCommandTest.jrec("report", out.toString(), "futexctn");
        assertEquals(0, futex.code(), futex.err());
        String f = futex.out();
        System.out.println("jrec report futexctn:\n" + f);
        assertTrue(f.matches("(?s) *PID +COMM +UADDR +CALLER +WAITS +TOTAL\\(ms\\) +MAX\\(us\\) +AVG\\(us\\) +TIMEOUTS +NO_WAIT +WAKER\n.*"), f);
        // each side parks up to ROUNDS times, and the other side unparks it: the waker of pinger's waits is ponger. A
        // park whose unpark came first does not wait: a CI run on 2 loaded CPUs had 766 waits of the 4,000 handoffs
        Matcher ping = Pattern.compile("(?m)^ *" + work.pid() + " +\\S+ +0x[0-9a-f]+ +.+? +([0-9]+) +[0-9.,]+ +[0-9.,]+ +[0-9.,]+ +[0-9]+ +[0-9]+ +(pinger|ponger) \\([0-9]+\\)$").matcher(f);
        long waits = 0;
        int rows = 0;
        while (ping.find()) {
            waits += Long.parseLong(ping.group(1));
            rows++;
        }
        assertTrue(rows >= 2 && waits >= 200, "the ping-pong's waits, woken by the other side (" + rows + " rows, " + waits + " waits):\n" + f);
        ReportCommandTest.Run hist = ReportCommandTest.jrec("report", out.toString(), "futexctn", "-d", "-p", Long.toString(work.pid()));
        assertEquals(0, hist.code(), hist.err());
        assertTrue(Pattern.compile("\nfutex = " + work.pid() + " 0x[0-9a-f]+ [^\n]+\n     usecs +: count +distribution\n").matcher(hist.out()).find(),
                hist.out());
        String section = HtmlSection.of(out.toString(), dir.resolve("lock.html"), "locks");
        assertTrue(section.contains("<td>mmap_lock</td>") && section.contains("<td>" + caller + "</td>") && section.contains("pinger ("), section);
    }
}
