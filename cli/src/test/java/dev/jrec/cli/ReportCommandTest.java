package dev.jrec.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jrec report} end to end on a capture with known content (sched, proc and syscall; no block I/O). */
class ReportCommandTest {
    static final long START = 1_000_000_000L, US = 1_000L, MS = 1_000_000L;
    @TempDir static Path dir;
    static String capture;

    record Run(int code, String out, String err) {}

    static Run jrec(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Jrec.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code jrec ARGS}, which must succeed: its output's lines, stripped, each run of blanks one space. */
    static List<String> lines(String... args) {
        Run r = jrec(args);
        assertEquals(0, r.code(), r.err());
        return r.out().lines().map(l -> l.strip().replaceAll("\\s+", " ")).toList();
    }

    /** {@code jrec query CAPTURE QUERY}'s output, as {@link #lines}, one string. */
    static String sql(String capture, String query) {
        return String.join("\n", lines("query", capture, query));
    }

    static Run report(String view, String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "report";
        args[1] = capture;
        args[2] = view;
        System.arraycopy(options, 0, args, 3, options.length);
        return jrec(args);
    }

    @BeforeAll
    static void setUp() throws Exception {
        capture = writeCapture(dir);
    }

    /** Writes the test capture into {@code dir} and returns its path. */
    static String writeCapture(Path dir) throws Exception {
        EventBatch b = new EventBatch(32);
        long[] waitsUs = {1, 3, 3, 700, 2000};
        int[] nextPids = {100, 100, 200, 100, 200};
        for (int i = 0; i < waitsUs.length; i++) {
            int r = b.add(EventKind.SCHED_SWITCH, START + (i == 4 ? 1500 : 10 * (i + 1)) * MS);
            b.setInt(Column.CPU, r, i % 2);
            b.setInt(Column.PID, r, 300);
            b.setInt(Column.TID, r, 300);
            b.setString(Column.COMM, r, "other");
            b.setLong(Column.PREV_STATE, r, 1);
            b.setInt(Column.NEXT_PID, r, nextPids[i]);
            b.setInt(Column.NEXT_TID, r, nextPids[i]);
            b.setString(Column.NEXT_COMM, r, nextPids[i] == 100 ? "app" : "db");
            b.setLong(Column.DUR_NS, r, 50 * US);
            b.setLong(Column.WAIT_NS, r, waitsUs[i] * US);
        }
        String[][] calls = {{"read", "2"}, {"read", "6"}, {"openat", "40"}};
        for (int i = 0; i < calls.length; i++) {
            int r = b.add(EventKind.SYSCALL, START + (100 + i) * MS);
            b.setInt(Column.PID, r, 100);
            b.setInt(Column.TID, r, 100);
            b.setString(Column.COMM, r, "app");
            b.setString(Column.SYSCALL, r, calls[i][0]);
            b.setLong(Column.DUR_NS, r, Long.parseLong(calls[i][1]) * US);
            b.setLong(Column.RET, r, calls[i][0].equals("openat") ? -2 : 10);
            if (calls[i][0].equals("openat")) b.setString(Column.PATH, r, "/etc/missing, really");
        }
        int r = b.add(EventKind.PROC_EXEC, START + 200 * MS);
        b.setInt(Column.PID, r, 100);
        b.setInt(Column.TID, r, 100);
        b.setInt(Column.PPID, r, 1);
        b.setString(Column.COMM, r, "app");
        b.setString(Column.FILENAME, r, "/usr/bin/app");
        b.setStrings(Column.ARGV, r, new String[] {"app", "--serve"});
        return write(b, dir.resolve("known.parquet"), "sched,proc,syscall", 3000 * MS).toString();
    }

    /** Writes {@code b} as a capture of {@code sources} that ends {@code endNs} after START. */
    static Path write(EventBatch b, Path p, String sources, long endNs) throws Exception {
        Map<String, String> md = new HashMap<>(SampleEvents.recordingMetadata());
        md.put(MetadataKeys.SOURCES, sources);
        try (CaptureWriter w = CaptureWriter.create(p, md, CaptureWriter.Options.defaults())) {
            w.write(b);
            w.close(Map.of(MetadataKeys.END_TS, Long.toString(START + endNs)));
        }
        return p;
    }

    /**
     * A capture whose sched source lost 3 events to a full ring and kept 2 without their times: the notes say
     * both, apart, before the report (stdout and stderr into one writer show the order), and a usage error found
     * as the view starts comes alone.
     */
    @Test
    void notesComeBeforeTheReportAndNotBeforeAUsageError() throws Exception {
        EventBatch b = new EventBatch(8);
        int r = b.add(EventKind.SCHED_SWITCH, START + 10 * MS);
        b.setInt(Column.PID, r, 300);
        b.setInt(Column.TID, r, 300);
        b.setString(Column.COMM, r, "other");
        b.setInt(Column.NEXT_PID, r, 100);
        b.setInt(Column.NEXT_TID, r, 100);
        b.setString(Column.NEXT_COMM, r, "app");
        b.setLong(Column.WAIT_NS, r, 3 * US);
        String[][] losses = {{"ringbuf_full", "3"}, {"untimed", "2"}};
        for (String[] l : losses) {
            r = b.add(EventKind.LOSS, START + 20 * MS);
            b.setString(Column.SOURCE, r, "sched");
            b.setString(Column.REASON, r, l[0]);
            b.setLong(Column.LOST, r, Long.parseLong(l[1]));
            b.setLong(Column.DUR_NS, r, 10 * MS);
        }
        Path p = write(b, dir.resolve("lossy.parquet"), "sched", 100 * MS);
        StringWriter both = new StringWriter();
        PrintWriter w = new PrintWriter(both, true);
        assertEquals(0, Jrec.run(w, w, "report", p.toString(), "runqlat"));
        String[] lines = both.toString().split("\n");
        assertTrue(lines[0].startsWith("jrec: note: the capture lost 3 sched events (75.0% of them)"), both.toString());
        assertTrue(lines[1].startsWith("jrec: note: 2 sched events have no on-CPU or wait time"), both.toString());
        assertTrue(lines[2].contains("usecs"), "then the histogram:\n" + both);

        Run bad = jrec("report", p.toString(), "runqlat", "--per-process", "--per-cpu");
        assertEquals(ExitCodes.USAGE, bad.code(), bad.err());
        assertTrue(bad.err().startsWith("jrec: choose one of --per-process, --per-cpu and --per-cgroup"), bad.err());
        assertFalse(bad.err().contains("note"), bad.err());
    }

    @Test
    void runqlatPrintsBccsHistogramAndQuantiles() {
        Run r = report("runqlat");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                     usecs               : count     distribution
                         0 -> 1          : 1        |********************                    |
                         2 -> 3          : 2        |****************************************|
                         4 -> 7          : 0        |                                        |
                         8 -> 15         : 0        |                                        |
                        16 -> 31         : 0        |                                        |
                        32 -> 63         : 0        |                                        |
                        64 -> 127        : 0        |                                        |
                       128 -> 255        : 0        |                                        |
                       256 -> 511        : 0        |                                        |
                       512 -> 1023       : 1        |********************                    |
                      1024 -> 2047       : 1        |********************                    |
                count 5  p50 3.0  p99 1948.0  p99.9 1994.8  max 2000.0  (usecs)
                """, r.out());
    }

    @Test
    void windowPidAndCommNarrowTheHistogram() {
        assertTrue(report("runqlat", "--to", "1s").out().contains("count 4 "), "the 2000 µs wait is at 1.5 s");
        assertTrue(report("runqlat", "--from", "1s").out().contains("count 1 "));
        assertTrue(report("runqlat", "--from", "-2s").out().contains("count 1 "), "the last 2 s of 3 s");
        assertTrue(report("runqlat", "--from", "2025-11-24T16:00:01.5Z").out().contains("count 1 "), "wall clock of 1.5 s in");
        assertTrue(report("runqlat", "-p", "200").out().contains("count 2 "));
        assertTrue(report("runqlat", "-p", "100,200").out().contains("count 5 "));
        assertTrue(report("runqlat", "--comm", "app").out().contains("count 3 "));
        Run none = report("runqlat", "-p", "999");
        assertEquals(0, none.code());
        assertEquals("", none.out());
        assertEquals("jrec: no run-queue waits in the selection\n", none.err());
    }

    @Test
    void perProcessGroupsLikeBccMinusP() {
        Run r = report("runqlat", "--per-process", "-m");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("\npid = 100 app\n     msecs               : count     distribution\n"), r.out());
        assertTrue(r.out().contains("\npid = 200 db\n"), r.out());
        assertEquals(ExitCodes.USAGE, report("runqlat", "--per-process", "--per-cpu").code());
    }

    @Test
    void aViewWhoseSourceWasNotRecordedSaysHowToRecordIt() {
        for (String view : new String[] {"biolatency", "biosnoop", "biotop"}) {
            Run r = report(view);
            assertEquals(ExitCodes.BAD_INPUT, r.code(), view);
            assertEquals("jrec: " + view + " needs block events: record with --events block\n", r.err());
            assertEquals("", r.out());
        }
    }

    /** -F splits by flag set and names each set as BCC's biolatency -F does, on a real recording of an I/O burst. */
    @Test
    void biolatencyPerFlagsNamesThemAsBcc() {
        Run r = jrec("report", "../sample-captures/io-burst.parquet", "biolatency", "-F");
        assertEquals(0, r.code(), r.err());
        // dd's O_DSYNC writes (WS), its reads of the file back (RS), ext4's journal (WSM) and one readahead (RA)
        for (String set : new String[] {"Sync-Write", "Sync-Read", "Metadata-Sync-Write", "ReadAhead-Read"}) {
            assertTrue(r.out().contains("\nflags = " + set + "\n     usecs "), set + " in:\n" + r.out());
        }
        assertFalse(r.out().contains("flags = WS"), r.out());
        Run json = jrec("report", "../sample-captures/io-burst.parquet", "biolatency", "-F", "--format", "json");
        assertTrue(json.out().contains("{\"key\":\"WS\",\"name\":\"Sync-Write\""), json.out());
    }

    @Test
    void syscountAsTextAndCsv() {
        Run r = report("syscount");
        assertEquals(0, r.code(), r.err());
        assertEquals("""
                SYSCALL  COUNT  ERRORS  TOTAL(ms)  AVG(us)  MAX(us)
                read         2       0      0.008    4.000    6.000
                openat       1       1      0.040   40.000   40.000
                """, r.out());
        assertEquals("""
                syscall,count,errors,total_ms,avg_us,max_us
                openat,1,1,0.040,40.000,40.000
                read,2,0,0.008,4.000,6.000
                """, report("syscount", "-L", "--format", "csv").out());
        assertTrue(report("syscount", "-P").out().startsWith("PID  COMM  COUNT"), report("syscount", "-P").out());
    }

    @Test
    void snoopsListEvents() {
        assertEquals("""
                TIME(s)  PCOMM  PID  PPID  ARGS
                  0.200  app    100     1  app --serve
                """, report("execsnoop").out());
        assertEquals("""
                time_s,pid,comm,fd,err,path
                0.102000,100,app,-1,2,"/etc/missing, really"
                """, report("opensnoop", "-e", "ENOENT", "--format", "csv").out());
        assertEquals("time_s,pid,comm,fd,err,path\n", report("opensnoop", "-e", "EACCES", "--format", "csv").out());
        assertEquals(ExitCodes.USAGE, report("opensnoop", "-e", "ENOTANERRNO").code());
    }

    @Test
    void syslatAndJson() {
        Run r = report("syslat", "read", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("{\"view\":\"syslat\",\"unit\":\"usecs\""), r.out());
        assertTrue(r.out().contains("\"count\":2,\"p50_ns\":4000.0"), r.out());
        Run t = report("execsnoop", "--format", "json");
        assertEquals("{\"view\":\"execsnoop\",\"columns\":[\"time_s\",\"pcomm\",\"pid\",\"ppid\",\"args\"],\"rows\":[\n"
                + "{\"time_s\":0.200,\"pcomm\":\"app\",\"pid\":100,\"ppid\":1,\"args\":\"app --serve\"}]}\n", t.out());
    }

    @Test
    void summaryShowsWhatWasRecorded() {
        Run r = report("summary");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("host        testhost\n"), r.out());
        assertTrue(r.out().contains("recorded    2025-11-24T16:00:01Z → 2025-11-24T16:00:04Z (3.000 s)\n"), r.out());
        assertTrue(r.out().contains("no events were lost"), r.out());
        assertTrue(r.out().contains("top processes by CPU time\n"), r.out());
        assertTrue(r.out().contains("top processes by syscalls\n"), r.out());
        assertFalse(r.out().contains("block I/O"), "block was not recorded: " + r.out());
        Run json = report("summary", "--format", "json");
        assertTrue(json.out().startsWith("{\"view\":\"summary\",\"facts\":{\"host\":\"testhost\""), json.out());
    }

    @Test
    void usageErrors() {
        Run noView = jrec("report", capture);
        assertEquals(ExitCodes.USAGE, noView.code());
        assertTrue(noView.err().contains("runqlat"), noView.err());
        Run badTime = report("runqlat", "--from", "soon");
        assertEquals(ExitCodes.USAGE, badTime.code());
        assertTrue(badTime.err().contains("--from: 'soon' is not a time"), badTime.err());
        assertEquals(ExitCodes.USAGE, report("runqlat", "--format", "yaml").code());
        assertEquals(ExitCodes.USAGE, report("runqlat", "--from", "2s", "--to", "1s").code());
        assertEquals(ExitCodes.BAD_INPUT, jrec("report", dir.resolve("missing.parquet").toString(), "runqlat").code());
        Run help = jrec("--help");
        assertTrue(help.out().contains("jrec report capture.parquet VIEW"), help.out());
    }
}
