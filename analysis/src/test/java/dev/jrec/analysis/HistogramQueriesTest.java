package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** runqlat, cpudist, biolatency and syslat on {@link KnownCapture#standard()}, against counts worked out by hand. */
class HistogramQueriesTest extends OnKnownCapture {
    private static Log2Histogram.Group only(Log2Histogram h) {
        assertEquals(1, h.groups().size(), h.toString());
        return h.groups().get(0);
    }

    @Test
    void runqlatBucketsTheWaitsLikeBcc() throws Exception {
        // waits 1, 3, 3, 700, 2000 µs: 0 -> 1, 2 -> 3 (twice), 512 -> 1023, 1024 -> 2047
        Log2Histogram h = reports.runqlat(Filter.ALL, Grouping.NONE, Unit.USECS);
        assertEquals("usecs", h.unit());
        assertEquals("", h.groupBy());
        Log2Histogram.Group g = only(h);
        assertArrayEquals(new long[] {1, 2, 0, 0, 0, 0, 0, 0, 0, 1, 1}, g.counts());
        assertEquals(5, g.total());
        assertEquals(3 * US, g.p50Ns(), 1e-9);
        assertEquals(700 * US + 0.96 * 1300 * US, g.p99Ns(), 1e-6); // interpolated between the two largest
        assertEquals(700 * US + 0.996 * 1300 * US, g.p999Ns(), 1e-6);
        assertEquals(2000 * US, g.maxNs());
    }

    @Test
    void runqlatInMilliseconds() throws Exception {
        // 1, 3, 3 µs and 700 µs are 0 ms; 2000 µs is 2 ms
        assertArrayEquals(new long[] {4, 1}, only(reports.runqlat(Filter.ALL, Grouping.NONE, Unit.MSECS)).counts());
    }

    @Test
    void runqlatPerProcessNamesEachProcess() throws Exception {
        Log2Histogram h = reports.runqlat(Filter.ALL, Grouping.PROCESS, Unit.USECS);
        assertEquals("pid", h.groupBy());
        assertEquals(2, h.groups().size());
        Log2Histogram.Group app = h.groups().get(0), db = h.groups().get(1);
        assertEquals("100", app.key());
        assertEquals("app-main", app.name(), "the process is named for its main thread");
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 1}, app.counts());
        assertEquals("200", db.key());
        assertEquals("postgres", db.name(), "no thread row for tid 200: the name comes from the process's command line");
        assertArrayEquals(new long[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, db.counts());
    }

    @Test
    void runqlatPerCpu() throws Exception {
        Log2Histogram h = reports.runqlat(Filter.ALL, Grouping.CPU, Unit.USECS);
        assertEquals(List.of("0", "1"), h.groups().stream().map(Log2Histogram.Group::key).toList());
        assertArrayEquals(new long[] {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1}, h.groups().get(0).counts());
        assertArrayEquals(new long[] {0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, h.groups().get(1).counts());
    }

    @Test
    void filtersSelectTheTaskThatWaited() throws Exception {
        Filter firstSecond = Filter.ALL.window(START, START + 1000 * MS);
        assertEquals(4, only(reports.runqlat(firstSecond, Grouping.NONE, Unit.USECS)).total(), "the 2000 µs wait is at 1.5 s");
        assertEquals(1, only(reports.runqlat(Filter.ALL.window(START + 20 * MS, START + 30 * MS), Grouping.NONE, Unit.USECS)).total(),
                "from is inclusive, to exclusive");
        assertEquals(3, only(reports.runqlat(Filter.ALL.pids(List.of(100)), Grouping.NONE, Unit.USECS)).total());
        assertEquals(5, only(reports.runqlat(Filter.ALL.pids(List.of(100, 200)), Grouping.NONE, Unit.USECS)).total());
        assertEquals(2, only(reports.runqlat(Filter.ALL.comm("d*"), Grouping.NONE, Unit.USECS)).total(), "comm is a glob");
        assertEquals(2, only(reports.runqlat(Filter.ALL.comm("db"), Grouping.NONE, Unit.USECS)).total());
        assertTrue(reports.runqlat(Filter.ALL.pids(List.of(999)), Grouping.NONE, Unit.USECS).isEmpty());
    }

    @Test
    void valuesAreBoundNeverSpliced() throws Exception {
        assertTrue(reports.runqlat(Filter.ALL.comm("x' OR 1=1 --"), Grouping.NONE, Unit.USECS).isEmpty());
    }

    @Test
    void cpudistLeavesTheIdleTaskOut() throws Exception {
        // on-CPU 5 (db), 10000 (app), 10 (db), 2 (app) µs; swapper's 500 µs is idle time
        Log2Histogram.Group g = only(reports.cpudist(Filter.ALL, Grouping.NONE, Unit.USECS));
        long[] expected = new long[14];
        expected[1] = 1; // 2
        expected[2] = 1; // 5
        expected[3] = 1; // 10
        expected[13] = 1; // 10000: 8192 -> 16383
        assertArrayEquals(expected, g.counts());
        assertEquals(10_000 * US, g.maxNs());
        assertEquals(2, only(reports.cpudist(Filter.ALL.pids(List.of(200)), Grouping.NONE, Unit.USECS)).total(), "the task switched out");
    }

    @Test
    void biolatencyPerDiskAndPerFlags() throws Exception {
        // 100, 300, 2000, 50 µs
        Log2Histogram.Group all = only(reports.biolatency(Filter.ALL, Grouping.NONE, Unit.USECS));
        assertArrayEquals(new long[] {0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1}, all.counts());

        Log2Histogram disks = reports.biolatency(Filter.ALL, Grouping.DISK, Unit.USECS);
        assertEquals(List.of("sda", "vda"), disks.groups().stream().map(Log2Histogram.Group::key).toList());
        assertEquals(1, disks.groups().get(0).total());
        assertEquals(3, disks.groups().get(1).total());

        Log2Histogram flags = reports.biolatency(Filter.ALL, Grouping.FLAGS, Unit.USECS);
        assertEquals("flags", flags.groupBy());
        assertEquals(List.of("FF", "R", "W"), flags.groups().stream().map(Log2Histogram.Group::key).toList());
        assertEquals(List.of("PreFlush-Flush", "Read", "Write"), flags.groups().stream().map(Log2Histogram.Group::name).toList(),
                "named as BCC's biolatency -F names them");
        assertEquals(2, flags.groups().get(2).total());
        assertEquals(List.of("", ""), disks.groups().stream().map(Log2Histogram.Group::name).toList(), "disks need no name");

        assertEquals(3, only(reports.biolatency(Filter.ALL.disk("vda"), Grouping.NONE, Unit.USECS)).total());
    }

    @Test
    void syslatOfOneSyscall() throws Exception {
        // read: 1, 3, 5 µs
        Log2Histogram.Group g = only(reports.syslat(Filter.ALL, "read", Grouping.NONE, Unit.USECS));
        assertArrayEquals(new long[] {1, 1, 1}, g.counts());
        assertEquals(3 * US, g.p50Ns(), 1e-9);
        assertTrue(reports.syslat(Filter.ALL, "nosuchcall", Grouping.NONE, Unit.USECS).isEmpty());
    }

    @Test
    void aSplitAnAnalysisDoesNotHaveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> reports.biolatency(Filter.ALL, Grouping.CPU, Unit.USECS));
    }
}
