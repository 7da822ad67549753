package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listing and top-N analyses on {@link KnownCapture#standard()}: exact rows. */
class ListingQueriesTest extends OnKnownCapture {
    interface Listing {
        void run(Table.Sink sink) throws Exception;
    }

    private static Table listing(Listing l) throws Exception {
        Table.Collector c = new Table.Collector("t");
        l.run(c);
        return c.table();
    }

    /** Rows as text, values joined by '|', to compare whole rows at a glance. */
    private static List<String> lines(Table t) {
        return t.rows().stream().map(r -> String.join("|", r.stream().map(v -> v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v)).toList())).toList();
    }

    private static List<String> names(Table t) {
        return t.columns().stream().map(Table.Column::name).toList();
    }

    @Test
    void syscountPerSyscall() throws Exception {
        Table t = reports.syscount(Filter.ALL, false, false, false, 10);
        assertEquals(List.of("syscall", "count", "errors", "total_ms", "avg_us", "max_us"), names(t));
        assertEquals(List.of(
                "read|3|0|0.009|3.000|5.000",
                "openat|2|1|0.060|30.000|40.000",
                "write|1|1|1.000|1000.000|1000.000"), lines(t));
        assertEquals(List.of("SYSCALL", "COUNT", "ERRORS", "TOTAL(ms)", "AVG(us)", "MAX(us)"),
                t.columns().stream().map(Table.Column::header).toList());
    }

    @Test
    void syscountByLatencyFailuresAndTop() throws Exception {
        assertEquals(List.of("write", "openat", "read"),
                reports.syscount(Filter.ALL, false, false, true, 10).rows().stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("openat|1|1|0.040|40.000|40.000", "write|1|1|1.000|1000.000|1000.000"),
                lines(reports.syscount(Filter.ALL, false, true, false, 10)));
        assertEquals(1, reports.syscount(Filter.ALL, false, false, false, 1).rows().size());
        assertEquals(List.of("read|3|0|0.009|3.000|5.000"),
                lines(reports.syscount(Filter.ALL.window(KnownCapture.START, KnownCapture.START + 105 * MS), false, false, false, 10)));
    }

    @Test
    void syscountPerProcess() throws Exception {
        Table t = reports.syscount(Filter.ALL, true, false, false, 10);
        assertEquals(List.of("pid", "comm", "count", "errors", "total_ms", "avg_us", "max_us"), names(t));
        assertEquals(List.of("100|app-main|4|1|1.009|252.250|1000.000", "300|cat|2|1|0.060|30.000|40.000"), lines(t));
        assertEquals(List.of("300|cat|2|1|0.060|30.000|40.000"), lines(reports.syscount(Filter.ALL.comm("cat"), true, false, false, 10)));
    }

    @Test
    void opensnoopShowsFdOrErrno() throws Exception {
        Table t = listing(s -> reports.opensnoop(Filter.ALL, false, null, s));
        assertEquals(List.of("time_s", "pid", "comm", "fd", "err", "path"), names(t));
        assertEquals(List.of("0.110000|300|cat|3|0|/etc/passwd", "0.120000|300|cat|-1|2|/nope"), lines(t));
        assertEquals(List.of("0.120000|300|cat|-1|2|/nope"), lines(listing(s -> reports.opensnoop(Filter.ALL, true, null, s))));
        assertEquals(1, listing(s -> reports.opensnoop(Filter.ALL, false, Errno.parse("ENOENT"), s)).rows().size());
        assertEquals(0, listing(s -> reports.opensnoop(Filter.ALL, false, 13, s)).rows().size());
    }

    @Test
    void execsnoopJoinsArguments() throws Exception {
        Table t = listing(s -> reports.execsnoop(Filter.ALL, s));
        assertEquals(List.of("time_s", "pcomm", "pid", "ppid", "args"), names(t));
        assertEquals(List.of("0.110|cat|300|50|cat /etc/passwd", "0.150|noargs|301|50|/usr/bin/noargs"), lines(t));
        assertEquals(1, listing(s -> reports.execsnoop(Filter.ALL.pids(List.of(301)), s)).rows().size());
    }

    @Test
    void exitsnoopDecodesTheStatusAndFindsParentAndAge() throws Exception {
        Table t = listing(s -> reports.exitsnoop(Filter.ALL, false, s));
        assertEquals(List.of("time_s", "pcomm", "pid", "ppid", "tid", "age_s", "exit_code"), names(t));
        assertEquals(List.of(
                "0.200|cat|300|50|300|0.10|0",                           // parent and start from the fork
                "0.300|sleep|400|50|400|0.80|signal 9 (KILL)",           // from the thread table
                "0.310|crash|401|null|401|null|signal 11 (SEGV), core dumped",
                "0.330|fail|402|null|402|null|code 1"), lines(t));
        assertEquals(5, listing(s -> reports.exitsnoop(Filter.ALL, true, s)).rows().size(), "thread 403's exit too");
    }

    @Test
    void biosnoopListsEachRequest() throws Exception {
        Table t = listing(s -> reports.biosnoop(Filter.ALL, s));
        assertEquals(List.of("time_s", "comm", "pid", "disk", "t", "sector", "bytes", "lat_ms"), names(t));
        assertEquals(List.of(
                "0.050000|app|100|vda|W|8|4096|0.100",
                "0.060000|app|100|vda|W|16|8192|0.300",
                "0.070000|kworker/0:1H|500|sda|R|2048|4096|2.000",
                "0.080000|app|100|vda|F|0|0|0.050"), lines(t));
        assertEquals(1, listing(s -> reports.biosnoop(Filter.ALL.disk("sda"), s)).rows().size());
    }

    @Test
    void biotopSumsPerProcessDiskAndDirection() throws Exception {
        Table t = reports.biotop(Filter.ALL, 20);
        assertEquals(List.of("pid", "comm", "t", "maj", "min", "disk", "io", "kbytes", "avg_ms"), names(t));
        assertEquals(List.of(
                "100|app|W|254|0|vda|2|12|0.20",
                "500|kworker/0:1H|R|8|0|sda|1|4|2.00",
                "100|app|F|254|0|vda|1|0|0.05"), lines(t));
    }

    @Test
    void lossRowsByTime() throws Exception {
        Table t = Query.named("loss_by_time").table(db.connection(), params(Filter.ALL, "limit", 100L));
        assertEquals(List.of("0.000|1.000|syscall|ringbuf_full|10", "1.500|2.000|sched|map_full|5"), lines(t));
        Table late = Query.named("loss_by_time").table(db.connection(),
                params(Filter.ALL.window(KnownCapture.START + 1800 * MS, Long.MAX_VALUE), "limit", 100L));
        assertEquals(List.of("1.500|2.000|sched|map_full|5"), lines(late), "an interval overlapping the window counts");
    }

    private static Table topSched(Filter f) throws Exception {
        return Query.named("top_sched").table(db.connection(), params(f, "limit", 10L));
    }

    @Test
    void topSchedSumsThreadsOfAProcessOnCpu() throws Exception {
        Table t = Reports.ranked(topSched(Filter.ALL), "cpu_rank", "cpu", "pid", "comm", "threads", "switches", "oncpu_ms");
        assertEquals(List.of("100|app-main|2|2|10.002", "200|postgres|1|2|0.015"), lines(t));
    }

    @Test
    void topSchedDerivesBlockedTimeFromSwitches() throws Exception {
        // db (tid 200): out asleep at 10 ms, in at 30 ms after 3 µs on the run queue: 19.997 ms;
        //   out in D at 40 ms, in at 1500 ms after 2000 µs: 1458 ms, in D.
        // app (tid 100): out asleep at 20 ms, in at 40 ms after 700 µs: 19.3 ms. Tid 101 was preempted, not blocked.
        Table all = topSched(Filter.ALL);
        assertEquals(List.of("pid", "comm", "threads", "switches", "oncpu_ms", "blocks", "offcpu_ms", "d_blocks", "cpu_rank", "offcpu_rank"), names(all));
        Table t = Reports.ranked(all, "offcpu_rank", "off", "pid", "comm", "blocks", "offcpu_ms", "d_blocks");
        assertEquals(List.of("200|postgres|2|1477.997|1", "100|app-main|1|19.300|0"), lines(t));
        Table late = Reports.ranked(topSched(Filter.ALL.window(KnownCapture.START + 1000 * MS, Long.MAX_VALUE)), "offcpu_rank", "off",
                "pid", "comm", "blocks", "offcpu_ms", "d_blocks");
        assertEquals(List.of("200|postgres|1|498.000|1"), lines(late),
                "an interval counts where it ends, from the window's start when its switch-out was before it (40 ms .. 1498 ms from 1000 ms)");
        Table early = Reports.ranked(topSched(Filter.ALL.window(KnownCapture.START, KnownCapture.START + 35 * MS)), "offcpu_rank", "off",
                "pid", "comm", "blocks", "offcpu_ms", "d_blocks");
        assertEquals(List.of("200|postgres|1|19.997|0"), lines(early), "nor is one that ends after the window");
    }

    @Test
    void topSchedRanksEachTopToItsLimit() throws Exception {
        Table one = Query.named("top_sched").table(db.connection(), params(Filter.ALL, "limit", 1L));
        // app is first by CPU, db first by blocked time: both are listed, each with the one rank it has
        assertEquals(List.of("100|app-main|2|2|10.002|1|19.300|0|1|null", "200|postgres|1|2|0.015|2|1477.997|1|null|1"), lines(one));
    }

    /**
     * A thread outside the recording's scope (here 300, a switch neighbour of the recorded 400) shows only in the
     * switches of those inside, untimed: its switch-out and switch-in are not one blocked interval. A thread whose
     * switches do not pair up (a switch-in lost) is left out too, rather than given a wrong sum.
     */
    @Test
    void topSchedCountsOnlyThreadsWithTimedPairedSwitches() throws Exception {
        Path p = new KnownCapture().sources("sched")
                // 400 (in scope) and 300 (outside): 300's edges carry no times
                .sw(10 * MS, 0, 400, 400, "worker", 1, 300, 300, "other", 50 * US, null)
                .sw(20 * MS, 0, 300, 300, "other", 1, 400, 400, "worker", null, 9_000 * US)
                .sw(30 * MS, 0, 400, 400, "worker", 2, 300, 300, "other", 10 * US, null)
                .sw(900 * MS, 0, 300, 300, "other", 1, 400, 400, "worker", null, 100 * US)
                // 500 (in scope) loses a switch-in: out at 40 ms, (in lost), out at 60 ms, in at 80 ms
                .sw(40 * MS, 1, 500, 500, "lossy", 1, 0, 0, "swapper/1", 5 * US, null)
                .sw(60 * MS, 1, 500, 500, "lossy", 1, 0, 0, "swapper/1", 5 * US, null)
                .sw(80 * MS, 1, 0, 0, "swapper/1", 0, 500, 500, "lossy", null, 1 * US)
                .write(dir.resolve("scoped.parquet"), 1000 * MS);
        try (CaptureDb scoped = CaptureDb.open(p)) {
            java.util.Map<String, Object> params = Filter.ALL.params();
            params.put("limit", 10L);
            Table t = Reports.ranked(Query.named("top_sched").table(scoped.connection(), params), "offcpu_rank", "off", "pid", "blocks", "offcpu_ms", "d_blocks");
            // worker: out at 10 ms, woken 9 ms before its switch-in at 20 ms: 1 ms; out in D at 30 ms, woken at 899.9 ms
            assertEquals(List.of("400|2|870.900|1"), lines(t));
        }
    }

    @Test
    void topIoSplitsReadsAndWrites() throws Exception {
        Table t = Query.named("top_io").table(db.connection(), params(Filter.ALL, "limit", 10L));
        assertEquals(List.of("100|app-main|3|0|12|0.15", "500|kworker/0:1H|1|4|0|2.00"), lines(t));
    }

    private static java.util.Map<String, Object> params(Filter f, Object... extra) {
        java.util.Map<String, Object> p = f.params();
        p.put("start_ns", KnownCapture.START);
        for (int i = 0; i < extra.length; i += 2) p.put((String) extra[i], extra[i + 1]);
        return p;
    }

    @Test
    void summaryHasTheFactsSourcesLossesAndTops() throws Exception {
        Summary s = reports.summary(Filter.ALL, 10);
        assertEquals("testhost", s.facts().get("host"));
        assertEquals("6.18.0-test", s.facts().get("kernel"));
        assertTrue(s.facts().get("recorded").endsWith("(3.000 s)"), s.facts().toString());
        assertFalse(s.facts().containsKey("window"));
        assertEquals(List.of("sched", "proc", "block", "syscall"), s.sources().rows().stream().map(r -> r.get(0)).toList());
        assertEquals(List.of("sched|5|5", "proc|8|0", "block|4|0", "syscall|6|10"), lines(s.sources()));
        assertEquals(2, s.losses().rows().size());
        assertEquals(List.of("top processes by CPU time", "top processes by off-CPU (blocked) time, summed over their threads", "top processes by syscalls",
                "top processes by block I/O"), s.top().stream().map(Table::title).toList());
        Summary windowed = reports.summary(Filter.ALL.window(KnownCapture.START + 500 * MS, KnownCapture.START + 1000 * MS), 10);
        assertEquals("0.500 s → 1.000 s after the start (0.500 s)", windowed.facts().get("window"));
        assertTrue(Arrays.asList(windowed.top().get(0).rows().toArray()).isEmpty(), "nothing ran in that window");
    }
}
