package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queries the workbench adds: latency_events, thread_states and timeline_threads on {@link KnownCapture#standard()},
 * interval_stacks on {@link KnownStacks}.
 */
class WorkbenchQueriesTest extends OnKnownCapture {
    private static Table events(String analysis, Filter f, String groupBy, String key, int bucket, String syscall) throws Exception {
        Map<String, Object> p = f.params();
        p.put("analysis", analysis);
        p.put("syscall", syscall);
        p.put("func", null);
        p.put("group_by", groupBy);
        p.put("group_key", key);
        p.put("unit_ns", 1000L);
        p.put("bucket", bucket);
        p.put("start_ns", START);
        p.put("limit", 1000L);
        return Query.named("latency_events").table(db.connection(), p);
    }

    @Test
    void aRunqlatBucketListsItsWaits() throws Exception {
        // waits of 3 µs (bucket 2 -> 3): thread 101 switched in at 20 ms, db (200) at 30 ms
        Table t = events("runqlat", Filter.ALL, "", null, 1, null);
        assertEquals(2, t.rows().size(), t.toString());
        assertEquals(List.of(101, 200), List.of(t.get(0, "tid"), t.get(1, "tid")));
        assertEquals(START + 20 * MS - 3 * US, t.get(0, "start_ns"));
        assertEquals(3 * US, t.get(0, "dur_ns"));
        assertEquals("switched in after app (100)", t.get(0, "detail"));
        // per process: only db's
        Table db200 = events("runqlat", Filter.ALL, "pid", "200", 1, null);
        assertEquals(1, db200.rows().size());
        assertEquals(200, db200.get(0, "pid"));
    }

    /** Whatever the analysis, grouping and window, a bucket lists as many events as the histogram counts in it. */
    @Test
    void everyBucketListsWhatTheHistogramCounts() throws Exception {
        Filter window = Filter.ALL.window(START + 15 * MS, START + 2500 * MS);
        for (Filter f : List.of(Filter.ALL, window)) {
            check("runqlat", f, "", null, reports.runqlat(f, Grouping.NONE, Unit.USECS));
            check("runqlat", f, "pid", null, reports.runqlat(f, Grouping.PROCESS, Unit.USECS));
            check("cpudist", f, "cpu", null, reports.cpudist(f, Grouping.CPU, Unit.USECS));
            check("biolatency", f, "flags", null, reports.biolatency(f, Grouping.FLAGS, Unit.USECS));
            check("biolatency", f.disk("vda"), "disk", null, reports.biolatency(f.disk("vda"), Grouping.DISK, Unit.USECS));
            check("syslat", f, "", "read", reports.syslat(f, "read", Grouping.NONE, Unit.USECS));
        }
    }

    private static void check(String analysis, Filter f, String groupBy, String syscall, Log2Histogram h) throws Exception {
        assertFalse(h.isEmpty(), analysis);
        for (Log2Histogram.Group g : h.groups()) {
            for (int b = 0; b < g.counts().length + 2; b++) {
                Table t = events(analysis, f, groupBy, g.key(), b, syscall);
                assertEquals(g.count(b), t.rows().size(), analysis + " group '" + g.key() + "' bucket " + b);
            }
        }
    }

    @Test
    void threadStatesFollowTheSwitches() throws Exception {
        Map<String, Object> p = Filter.ALL.pids(List.of(200)).params();
        p.put("tids", List.of());
        p.put("start_ns", START);
        p.put("limit", 100L);
        Table t = Query.named("thread_states").table(db.connection(), p);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            rows.add(t.get(i, "tid") + " " + t.get(i, "state") + " " + ((Long) t.get(i, "start_ns") - START) / 1000 + "us +"
                    + (Long) t.get(i, "dur_ns") / 1000 + "us");
        }
        // db ran 5 µs until 10 ms and slept (S) until woken 3 µs before its switch-in at 30 ms, ran until 40 ms,
        // then blocked in D until it was woken 2 ms before its switch-in at 1500 ms
        assertEquals(List.of(
                "200 running 9995us +5us",
                "200 S 10000us +19997us",
                "200 runnable 29997us +3us",
                "200 running 39990us +10us",
                "200 D 40000us +1458000us",
                "200 runnable 1498000us +2000us"), rows);
    }

    @Test
    void threadStatesAreCutAtTheWindow() throws Exception {
        Map<String, Object> p = Filter.ALL.pids(List.of(200)).window(START + 20 * MS, START + 35 * MS).params();
        p.put("tids", List.of());
        p.put("start_ns", START);
        p.put("limit", 100L);
        Table t = Query.named("thread_states").table(db.connection(), p);
        assertEquals(2, t.rows().size(), t.toString());
        assertEquals("S", t.get(0, "state"));
        assertEquals(START + 20 * MS, t.get(0, "start_ns"));
        assertEquals(10 * MS - 3 * US, t.get(0, "dur_ns"));
        assertEquals("runnable", t.get(1, "state"));
    }

    /** threadstates sums thread_states per thread: db's (200) intervals above, whole and cut at a window. */
    @Test
    void threadStateTotalsAddUpEachThreadsIntervals() throws Exception {
        Map<String, Object> p = Filter.ALL.pids(List.of(200)).params();
        p.put("start_ns", START);
        p.put("limit", 100L);
        Table t = Query.named("threadstates").table(db.connection(), p);
        assertEquals(1, t.rows().size(), t.toString());
        assertEquals("postgres", t.get(0, "process")); // the thread table names the process, its switches the thread
        assertEquals("db", t.get(0, "comm"));
        assertEquals(new java.math.BigDecimal("0.015"), t.get(0, "running_ms"));
        assertEquals(new java.math.BigDecimal("2.003"), t.get(0, "runnable_ms"));
        assertEquals(new java.math.BigDecimal("19.997"), t.get(0, "sleeping_ms"));
        assertEquals(new java.math.BigDecimal("1458.000"), t.get(0, "blocked_ms"));
        assertEquals(new java.math.BigDecimal("99.3"), t.get(0, "runnable_pct"));

        // 20-35 ms: asleep from 20 ms until 3 µs before 30 ms, then runnable those 3 µs; the D after 40 ms is outside
        p = Filter.ALL.pids(List.of(200)).window(START + 20 * MS, START + 35 * MS).params();
        p.put("start_ns", START);
        p.put("limit", 100L);
        t = Query.named("threadstates").table(db.connection(), p);
        assertEquals(new java.math.BigDecimal("9.997"), t.get(0, "sleeping_ms"));
        assertEquals(new java.math.BigDecimal("0.003"), t.get(0, "runnable_ms"));
        assertEquals(new java.math.BigDecimal("0.000"), t.get(0, "blocked_ms"));
    }

    @Test
    void threadStatesOfChosenThreadsOnly() throws Exception {
        Map<String, Object> p = Filter.ALL.params();
        p.put("tids", List.of(101));
        p.put("start_ns", START);
        p.put("limit", 100L);
        Table t = Query.named("thread_states").table(db.connection(), p);
        assertFalse(t.rows().isEmpty());
        for (int i = 0; i < t.rows().size(); i++) assertEquals(101, t.get(i, "tid"));
    }

    @Test
    void timelineThreadsAreInLaneOrder() throws Exception {
        Table t = Query.named("timeline_threads").table(db.connection(), Filter.ALL.params());
        List<String> rows = new ArrayList<>();
        for (List<Object> r : t.rows()) rows.add(r.get(0) + "/" + r.get(1) + " " + r.get(2) + " " + (Long) r.get(3) / 1000 + "us of " + (Long) r.get(4) / 1000);
        // app (100) ran 10 ms + 2 µs on its threads, db (200) 15 µs; then by events: cat (300) made 2 syscalls,
        // kworker (500) one block request; the idle task is left out
        assertEquals(List.of("100/100 app 10000us of 10002", "100/101 app 2us of 10002", "200/200 db 15us of 15",
                "300/300 cat 0us of 0", "500/500 kworker/0:1H 0us of 0"), rows);
        Table windowed = Query.named("timeline_threads").table(db.connection(), Filter.ALL.window(START + 15 * MS, START + 35 * MS).params());
        // in 15-35 ms: app's thread 100 ran 10 ms until 20 ms and 101 came in then; db came in at 30 ms
        assertEquals(List.of(100, 101, 200), windowed.rows().stream().map(r -> r.get(1)).toList());
        assertEquals(10_000 * US, windowed.get(0, "run_ns"));
        // lanes are grouped by process, named as the process tables name it; none of these is a kernel thread
        assertEquals(List.of("app-main", "app-main", "postgres", "cat", "kworker/0:1H"), t.rows().stream().map(r -> r.get(t.column("process"))).toList());
        assertTrue(t.rows().stream().noneMatch(r -> (Boolean) r.get(t.column("kernel"))), "the thread table knows no kernel thread here");
    }

    /** A child of kthreadd (pid 2) is a kernel thread: the timeline groups those apart. */
    @Test
    void timelineThreadsTellKernelThreads() throws Exception {
        KnownCapture k = new KnownCapture().sources("sched");
        k.thread(0, 77, 77, "kworker/1:2", 2, null, null).thread(0, 100, 100, "app", 1, "/usr/bin/app", null);
        k.sw(10 * MS, 0, 77, 77, "kworker/1:2", 1026, 100, 100, "app", 5 * US, 1 * US);
        k.sw(20 * MS, 0, 100, 100, "app", 1, 77, 77, "kworker/1:2", 10 * MS, 3 * US);
        try (CaptureDb s = CaptureDb.open(k.write(dir.resolve("kthreads.parquet"), 100 * MS))) {
            Table t = Query.named("timeline_threads").table(s.connection(), Filter.ALL.params());
            java.util.Map<Object, Object> kernel = new java.util.HashMap<>();
            for (List<Object> r : t.rows()) kernel.put(r.get(t.column("tid")), r.get(t.column("kernel")));
            assertEquals(java.util.Map.of(77, true, 100, false), kernel);
        }
    }

    @Test
    void intervalStacksTellWhereAThreadBlockedWhoWokeItAndWhereItRan() throws Exception {
        try (CaptureDb s = CaptureDb.open(KnownStacks.capture().write(dir.resolve("stacks.parquet"), 3000 * MS))) {
            Map<String, Object> p = new java.util.HashMap<>(Map.of("tid", 100, "from_ns", START + 195 * MS, "to_ns", START + 450 * MS, "limit", 100L));
            Table t = Query.named("interval_stacks").table(s.connection(), p);
            List<String> rows = new ArrayList<>();
            for (List<Object> r : t.rows()) rows.add(r.get(0) + " @" + ((Long) r.get(1) - START) / MS + "ms " + r.get(4));
            String s1 = "__schedule ← schedule ← do_syscall_64 ← read ← main ← __libc_start_main";
            String s2 = "[/usr/bin/app] ← main ← __libc_start_main";
            String s3 = "[[kernel.kallsyms]] ← ext4_read";
            assertEquals(List.of(
                    "on CPU @200ms " + s1, "on CPU @201ms " + s1, "on CPU @202ms " + s1, "on CPU @210ms " + s2, "on CPU @211ms " + s2,
                    "blocked @300ms " + s1, "woken by 201 @300ms " + s3,
                    "blocked @400ms " + s1, "woken by 999 @400ms " + s3), rows);
            assertEquals(1500 * US, t.get(5, "dur_ns"));
            // an interval inside the off-CPU one still finds it
            p.putAll(Map.of("from_ns", START + 299 * MS, "to_ns", START + 299 * MS + 1));
            assertEquals(2, Query.named("interval_stacks").table(s.connection(), p).rows().size());
        }
    }
}
