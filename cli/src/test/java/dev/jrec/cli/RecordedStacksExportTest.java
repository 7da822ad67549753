package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack views and exports on a real recording (2 s of this host, with on-CPU and off-CPU stacks, while a shell
 * burns CPU): what they show adds up to what the capture holds, by SQL over the same capture.
 */
class RecordedStacksExportTest {
    @TempDir static Path dir;
    static String capture;

    @BeforeAll
    static void record() throws Exception {
        Path out = dir.resolve("real.parquet");
        Process burn = new ProcessBuilder("sh", "-c", "end=$(($(date +%s) + 4)); while [ $(date +%s) -lt $end ]; do :; done").start();
        try {
            ChildRecorder.record(dir.resolve("record.log"), "-d", "2s", "--events", "sched,syscall,profile,offcpu", "-o", out.toString());
        } finally {
            burn.destroyForcibly();
        }
        capture = out.toString();
    }

    private static long sql(String query) {
        ReportCommandTest.Run r = ReportCommandTest.jrec("query", capture, query, "--format", "csv");
        assertEquals(0, r.code(), r.err());
        return Long.parseLong(r.out().lines().skip(1).findFirst().orElseThrow().strip());
    }

    private static long total(String folded) {
        return folded.lines().mapToLong(l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void profileCountsEverySampleWithKernelFramesAfterUserFrames() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("report", capture, "profile");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().count() > 0, "samples while a shell burns CPU");
        assertEquals(sql("SELECT count(*) FROM cpu_sample"), total(r.out()));
        for (String line : r.out().lines().toList()) {
            List<String> frames = List.of(line.substring(0, line.lastIndexOf(' ')).split(";"));
            boolean kernel = false;
            for (String f : frames.subList(1, frames.size())) {
                if (f.endsWith("_[k]")) kernel = true;
                else assertFalse(kernel, "a user frame after a kernel frame: " + line);
            }
        }
        assertTrue(r.out().contains("_[k]"), "some samples are in the kernel");
    }

    /**
     * Brendan Gregg's hot/cold graph: each task's time split under [on CPU] (samples at 1/99 s), [off CPU] (blocked
     * µs) and [runnable] (waiting for a CPU): the waits that ended an off-CPU interval come out of its off-CPU time.
     */
    @Test
    void wallClockGraphAddsOnAndOffCpuTime() {
        ReportCommandTest.Run r = ReportCommandTest.jrec("export", capture, "--as", "folded", "--stacks", "wallclock");
        assertEquals(0, r.code(), r.err());
        long on = 0, off = 0, onStacks = 0, runnable = 0, woken = 0;
        for (String line : r.out().lines().toList()) {
            String[] frames = line.substring(0, line.lastIndexOf(' ')).split(";");
            long w = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            if (frames[1].equals("[on CPU]")) {
                on += w;
                onStacks++;
            } else if (frames[1].equals("[runnable]")) {
                runnable += w;
                if (frames.length < 3 || !frames[2].startsWith("[preempted")) woken += w; // no frame: woken from an empty stack
            } else {
                assertEquals("[off CPU]", frames[1], line);
                off += w;
            }
        }
        ReportCommandTest.Run offcpu = ReportCommandTest.jrec("report", capture, "offcputime");
        assertEquals(total(offcpu.out()), off + woken, "off-CPU: the blocked microseconds, as offcputime shows them, less the waits that ended them");
        long runq = sql("SELECT coalesce(sum(next_runq_ns), 0) // 1000 FROM sched_switch WHERE next_tid <> 0");
        long groups = sql("SELECT count(DISTINCT next_comm) FROM sched_switch") + sql("SELECT count(*) FROM (SELECT DISTINCT comm, stack_id FROM offcpu)");
        assertTrue(runnable <= runq && runnable >= runq - groups, "runnable: every run-queue wait, " + runnable + " of " + runq + " us");
        double samplesUs = sql("SELECT count(*) FROM cpu_sample") * 1e6 / 99;
        assertTrue(Math.abs(on - samplesUs) <= onStacks, "on-CPU: " + on + " us for " + samplesUs + " us of samples at 99 Hz");
        ReportCommandTest.Run svg = ReportCommandTest.jrec("export", capture, "--as", "svg", "--stacks", "wallclock");
        assertEquals(0, svg.code(), svg.err());
        assertTrue(svg.out().contains("Wall-clock flame graph") && svg.out().contains("[off CPU]"), "titled, with both halves");
        ReportCommandTest.Run speedscope = ReportCommandTest.jrec("export", capture, "--as", "speedscope", "--stacks", "wallclock");
        assertEquals(ExitCodes.USAGE, speedscope.code(), speedscope.err());
    }

    @Test
    void offcpuWeightsAreTheBlockedMicroseconds() {
        ReportCommandTest.Run off = ReportCommandTest.jrec("report", capture, "offcputime");
        assertEquals(0, off.code(), off.err());
        long perStack = sql("SELECT coalesce(sum(us), 0) FROM (SELECT sum(dur_ns) // 1000 AS us FROM offcpu GROUP BY comm, stack_id)");
        assertEquals(perStack, total(off.out()), "each (comm, stack)'s blocked time, in whole microseconds");
        ReportCommandTest.Run wake = ReportCommandTest.jrec("report", capture, "wakeuptime");
        assertEquals(0, wake.code(), wake.err());
        long blocked = sql("SELECT coalesce(sum(dur_ns), 0) // 1000 FROM offcpu");
        long groups = sql("SELECT count(*) FROM (SELECT DISTINCT waker_tid, waker_stack_id, comm FROM offcpu)");
        long shown = total(wake.out());
        assertTrue(shown <= blocked && shown >= blocked - groups, "all the blocked time but each line's rounding: " + shown + " of " + blocked);
    }

    @Test
    void exportsOfARealCapture() throws Exception {
        for (String as : List.of("svg", "speedscope", "perfetto", "html")) {
            Path f = dir.resolve("real." + as);
            ReportCommandTest.Run r = ReportCommandTest.jrec("export", capture, "--as", as, "-o", f.toString());
            assertEquals(0, r.code(), as + ": " + r.err());
            assertTrue(Files.size(f) > 1000, as);
        }
        var xml = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        xml.newDocumentBuilder().parse(dir.resolve("real.svg").toFile());
        String trace = Files.readString(dir.resolve("real.perfetto"));
        long slices = sql("SELECT count(*) FROM sched_switch WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL AND ts > "
                + "(SELECT CAST(value AS BIGINT) FROM capture_metadata WHERE key = 'jrec.recording.start_ns')");
        assertEquals(slices, trace.split("\"ph\":\"X\",\"cat\":\"sched\"", -1).length - 1);
        String html = Files.readString(dir.resolve("real.html"));
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"));
        assertTrue(html.contains("id=\"flame-profile\""), "the on-CPU flame graph");
        ReportCommandTest.Run t = ReportCommandTest.jrec("report", capture, "timeline");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("CPUs: busy % and the task that ran the most, per "), t.out());
    }
}
