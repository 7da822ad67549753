package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jrec report profile|offcputime|wakeuptime|timeline} and {@code jrec export} end to end, on a capture with
 * known stacks: app (pid 100) is sampled 3 times in main → read → (kernel) ksys_read and once in main; it blocks
 * 2 ms in main → read → ksys_read → schedule, woken by db (pid 200) in db_loop → futex_wake.
 */
class ExportCommandTest {
    static final long START = 1_000_000_000L, US = 1_000L, MS = 1_000_000L;
    static final long KTEXT = 0xffffffff81000000L;
    @TempDir static Path dir;
    static String capture;

    static ReportCommandTest.Run jrec(String... args) {
        return ReportCommandTest.jrec(args);
    }

    @BeforeAll
    static void setUp() throws Exception {
        EventBatch b = new EventBatch(64);
        Object[][] frames = {
            {1L, "main", "/usr/bin/app", 0x1000L, 0x555555555000L},
            {2L, "read", "/usr/lib/libc.so.6", 0x2000L, 0x7f0000002000L},
            {3L, "ksys_read", "[kernel.kallsyms]", 0x300L, KTEXT + 0x300},
            {4L, "schedule", "[kernel.kallsyms]", 0x400L, KTEXT + 0x400},
            {5L, "db_loop", "/usr/bin/db", 0x100L, 0x555555556100L},
            {6L, "futex_wake", "[kernel.kallsyms]", 0x600L, KTEXT + 0x600},
            {7L, null, "/usr/bin/app", 0x1c0L, 0x5555555551c0L}};
        for (Object[] f : frames) {
            int r = b.add(EventKind.FRAME, START);
            b.setLong(Column.FRAME_ID, r, (Long) f[0]);
            b.setString(Column.FUNC, r, (String) f[1]);
            b.setString(Column.MODULE, r, (String) f[2]);
            b.setLong(Column.FILE_OFFSET, r, (Long) f[3]);
            b.setLong(Column.ADDR, r, (Long) f[4]);
        }
        long[][] stacks = {{3, 2, 1}, {7, 1}, {4, 3, 2, 1}, {6, 5}};
        for (int i = 0; i < stacks.length; i++) {
            int r = b.add(EventKind.STACK, START);
            b.setLong(Column.STACK_ID, r, i + 1);
            b.setLongs(Column.FRAME_IDS, r, stacks[i]);
            b.setString(Column.UNWIND, r, "fp");
        }
        int t = b.add(EventKind.THREAD, START);
        b.setInt(Column.PID, t, 200);
        b.setInt(Column.TID, t, 200);
        b.setString(Column.COMM, t, "db");
        long[] sampleStacks = {1, 1, 1, 2};
        for (int i = 0; i < sampleStacks.length; i++) {
            int r = b.add(EventKind.CPU_SAMPLE, START + (10 + i) * MS);
            b.setInt(Column.CPU, r, 0);
            b.setInt(Column.PID, r, 100);
            b.setInt(Column.TID, r, 100);
            b.setString(Column.COMM, r, "app");
            b.setLong(Column.STACK_ID, r, sampleStacks[i]);
        }
        int o = b.add(EventKind.OFFCPU, START + 30 * MS);
        b.setInt(Column.PID, o, 100);
        b.setInt(Column.TID, o, 100);
        b.setString(Column.COMM, o, "app");
        b.setLong(Column.DUR_NS, o, 2 * MS);
        b.setLong(Column.PREV_STATE, o, 1);
        b.setLong(Column.STACK_ID, o, 3);
        b.setInt(Column.WAKER_TID, o, 200);
        b.setLong(Column.WAKER_STACK_ID, o, 4);
        // CPU 0: app runs 0-28 ms and blocks; db runs 28-40 ms
        switchAt(b, 28 * MS, 100, "app", 1, 200, "db", 28 * MS, 1 * MS);
        switchAt(b, 40 * MS, 200, "db", 1, 0, "swapper/0", 12 * MS, null);
        int s = b.add(EventKind.SYSCALL, START + 20 * MS);
        b.setInt(Column.PID, s, 100);
        b.setInt(Column.TID, s, 100);
        b.setString(Column.COMM, s, "app");
        b.setString(Column.SYSCALL, s, "read");
        b.setLong(Column.DUR_NS, s, 5 * US);
        b.setLong(Column.RET, s, 10);
        Map<String, String> md = new HashMap<>(SampleEvents.recordingMetadata());
        md.put(MetadataKeys.SOURCES, "sched,syscall,profile,offcpu");
        Path p = dir.resolve("stacks.parquet");
        try (CaptureWriter w = CaptureWriter.create(p, md, CaptureWriter.Options.defaults())) {
            w.write(b);
            w.close(Map.of(MetadataKeys.END_TS, Long.toString(START + 40 * MS)));
        }
        capture = p.toString();
    }

    private static void switchAt(EventBatch b, long at, int prev, String prevComm, long state, int next, String nextComm, long oncpu, Long runq) {
        int r = b.add(EventKind.SCHED_SWITCH, START + at);
        b.setInt(Column.CPU, r, 0);
        b.setInt(Column.PID, r, prev);
        b.setInt(Column.TID, r, prev);
        b.setString(Column.COMM, r, prevComm);
        b.setLong(Column.PREV_STATE, r, state);
        b.setInt(Column.NEXT_PID, r, next);
        b.setInt(Column.NEXT_TID, r, next);
        b.setString(Column.NEXT_COMM, r, nextComm);
        b.setLong(Column.DUR_NS, r, oncpu);
        if (runq != null) b.setLong(Column.WAIT_NS, r, runq);
    }

    @Test
    void stackViewsPrintBccFoldedStacks() {
        ReportCommandTest.Run r = jrec("report", capture, "profile");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                app;main;[app+0x1c0] 1
                app;main;read;ksys_read_[k] 3
                """, r.out());
        assertEquals("app;main;read;ksys_read_[k];schedule_[k] 2000\n", jrec("report", capture, "offcputime").out());
        assertEquals("db;db_loop;futex_wake_[k];app 2000\n", jrec("report", capture, "wakeuptime").out());
        assertEquals("stack,weight\napp;main;[app+0x1c0],1\napp;main;read;ksys_read_[k],3\n",
                jrec("report", capture, "profile", "--format", "csv").out());
        assertTrue(jrec("report", capture, "profile", "--format", "json").out()
                .startsWith("{\"view\":\"profile\",\"columns\":[\"stack\",\"weight\"],\"rows\":[\n{\"stack\":\"app;main;[app+0x1c0]\",\"weight\":1}"));
        ReportCommandTest.Run none = jrec("report", capture, "profile", "-p", "999");
        assertEquals(0, none.code());
        assertEquals("", none.out());
        assertEquals("jrec: no on-CPU samples in the selection\n", none.err());
        assertEquals("app;main;read;ksys_read_[k] 2\n", jrec("report", capture, "profile", "--from", "10ms", "--to", "12ms").out());
    }

    @Test
    void stackViewsOfACaptureWithoutStacksSayHowToRecordThem() throws Exception {
        String plain = ReportCommandTest.writeCapture(Files.createTempDirectory(dir, "plain"));
        ReportCommandTest.Run r = jrec("report", plain, "profile");
        assertEquals(ExitCodes.BAD_INPUT, r.code());
        assertEquals("jrec: profile needs profile events: record with --events profile\n", r.err());
        ReportCommandTest.Run e = jrec("export", plain, "--as", "svg");
        assertEquals(ExitCodes.BAD_INPUT, e.code());
        assertTrue(e.err().contains("record with --events profile"), e.err());
    }

    @Test
    void timelineView() {
        ReportCommandTest.Run r = jrec("report", capture, "timeline", "--bucket", "10ms");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                CPUs: busy % and the task that ran the most, per 10ms
                TIME(s)  CPU0      CPU1
                 0.000   100% app    0%
                 0.010   100% app    0%
                 0.020   100% app    0%
                 0.030   100% db     0%

                Processes: ms running/runnable/blocked per 10ms, summed over their threads (the 2 that ran the most)
                TIME(s)  app (100)  db (200)
                 0.000   10/0/0     0/0/0
                 0.010   10/0/0     0/0/0
                 0.020   8.0/0/2.0  2.0/1.0/0
                 0.030   0/0/10     10/0/0
                """, r.out());
        assertTrue(jrec("report", capture, "timeline", "--format", "csv").out().startsWith("# cpus\ntime_s,cpu,busy_pct,top_comm,top_pid,top_pct,loss\n"));
        assertEquals(ExitCodes.USAGE, jrec("report", capture, "timeline", "--bucket", "soon").code());
        assertEquals(ExitCodes.USAGE, jrec("report", capture, "timeline", "--bucket", "-1s").code());
        ReportCommandTest.Run tooMany = jrec("report", capture, "timeline", "--bucket", "1ns");
        assertEquals(ExitCodes.USAGE, tooMany.code());
        assertTrue(tooMany.err().contains("choose a larger bucket"), tooMany.err());
    }

    @Test
    void exportFoldedIsTheReport() {
        ReportCommandTest.Run r = jrec("export", capture, "--as", "folded");
        assertEquals(0, r.code(), r.err());
        assertEquals(jrec("report", capture, "profile").out(), r.out());
        assertEquals(jrec("report", capture, "offcputime").out(), jrec("export", capture, "--as", "folded", "--stacks", "offcpu").out());
    }

    @Test
    void exportFilesOfEachFormat() throws Exception {
        Path svg = dir.resolve("out.svg");
        ReportCommandTest.Run r = jrec("export", capture, "--as", "svg", "-o", svg.toString(), "--comm", "app");
        assertEquals(0, r.code(), r.err());
        assertEquals("jrec: wrote " + svg + " (svg, " + Files.size(svg) + " bytes)\n", r.err());
        assertEquals("", r.out());
        var f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(Files.readString(svg).contains("<title>all (4 samples, 100%)</title>"));

        Path speedscope = dir.resolve("out.speedscope.json");
        assertEquals(0, jrec("export", capture, "--as", "speedscope", "-o", speedscope.toString()).code());
        String s = Files.readString(speedscope);
        assertTrue(s.startsWith("{\"$schema\":\"https://www.speedscope.app/file-format-schema.json\""), s);
        assertTrue(s.contains("\"name\":\"on-CPU samples\"") && s.contains("\"name\":\"off-CPU time\""), s);

        Path trace = dir.resolve("out.trace.json");
        assertEquals(0, jrec("export", capture, "--as", "perfetto", "-o", trace.toString()).code());
        String t = Files.readString(trace);
        assertTrue(t.contains("\"traceEvents\":["), t);
        assertEquals(2, t.split("\"cat\":\"sched\"", -1).length - 1, "two on-CPU slices");
        assertTrue(t.contains("{\"ph\":\"X\",\"cat\":\"syscall\",\"name\":\"read\",\"pid\":100,\"tid\":100,\"ts\":19995.000,\"dur\":5.000"), t);

        Path html = dir.resolve("out.html");
        assertEquals(0, jrec("export", capture, "--as", "html", "-o", html.toString()).code());
        String h = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(h.contains("<section id=\"flamegraphs\">") && h.contains("<footer id=\"metadata\">"), h);
        assertFalse(h.contains("src=\"http") || h.contains("href=\"http"));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file is left");
        }
    }

    @Test
    void usageAndOutputErrors() {
        assertEquals(ExitCodes.USAGE, jrec("export", capture).code(), "--as is required");
        ReportCommandTest.Run bad = jrec("export", capture, "--as", "png");
        assertEquals(ExitCodes.USAGE, bad.code());
        assertTrue(bad.err().contains("'png' is not an export format"), bad.err());
        assertEquals(ExitCodes.USAGE, jrec("export", capture, "--as", "svg", "--stacks", "heap").code());
        assertEquals(ExitCodes.USAGE, jrec("export", capture, "--as", "html", "--stacks", "offcpu").code());
        assertEquals(ExitCodes.USAGE, jrec("export", capture, "--as", "svg", "--from", "later").code());
        ReportCommandTest.Run out = jrec("export", capture, "--as", "svg", "-o", dir.resolve("no/such/dir/x.svg").toString());
        assertEquals(ExitCodes.OUTPUT, out.code(), out.err());
        assertTrue(out.err().startsWith("jrec: cannot write "), out.err());
        assertEquals(ExitCodes.BAD_INPUT, jrec("export", dir.resolve("missing.parquet").toString(), "--as", "svg").code());
        assertTrue(jrec("--help").out().contains("export"));
    }
}
