package dev.jrec.analysis;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram.Unit;
import dev.jrec.formats.schema.Source;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real captures in sample-captures/ (recorded by sample-captures/record.sh, described in its README)
 * show what their scenario is about, through the same report API {@code jrec report} uses. The expected
 * figures follow from each workload (4 spinners on 2 CPUs, 1024 O_DIRECT writes of 64 KiB, 4 threads on one
 * mutex), not from one recording, so they hold for a re-recorded capture too.
 */
class SampleCapturesTest {
    static final Path DIR = Path.of("../sample-captures");
    static final long MS = 1_000_000L;

    static Path capture(String name) {
        Path p = DIR.resolve(name + ".parquet");
        assertTrue(Files.isRegularFile(p), p.toAbsolutePath() + " is missing: run sample-captures/record.sh");
        return p;
    }

    static List<List<Object>> rows(CaptureDb db, String sql) throws SQLException {
        List<List<Object>> out = new ArrayList<>();
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> r = new ArrayList<>();
                for (int i = 1; i <= n; i++) r.add(rs.getObject(i));
                out.add(r);
            }
        }
        return out;
    }

    static double num(CaptureDb db, String sql) throws SQLException {
        List<List<Object>> r = rows(db, sql);
        assertEquals(1, r.size(), sql);
        Object v = r.get(0).get(0);
        return v == null ? Double.NaN : ((Number) v).doubleValue();
    }

    static List<Object> column(Table t, String name) {
        int c = t.column(name);
        return t.rows().stream().map(r -> r.get(c)).toList();
    }

    static Log2Histogram.Group only(Log2Histogram h) {
        assertEquals(1, h.groups().size(), "one histogram: " + h);
        return h.groups().get(0);
    }

    static long asLong(Object o) {
        return o instanceof BigDecimal b ? b.longValue() : ((Number) o).longValue();
    }

    // --- 4 busy loops on 2 CPUs for 3 s, recorded with --events sched,proc --comm busy.

    @Test
    void eachSpinnerWaitsMillisecondsForACpu() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("cpu-contention"))) {
            Reports r = new Reports(db);
            assertEquals(0, r.metadata().drops(Source.SCHED));
            Log2Histogram h = r.runqlat(Filter.ALL.comm("busy"), Grouping.PROCESS, Unit.USECS);
            assertEquals(4, h.groups().size(), "one histogram per busy process: " + h);
            for (Log2Histogram.Group g : h.groups()) {
                assertEquals("busy", g.name());
                // never blocking, a spinner only waits behind the other three: its turn comes after
                // at least one other's time slice, so most waits are milliseconds long
                assertTrue(g.total() >= 50, g.toString());
                assertTrue(g.p50Ns() >= 1 * MS, "p50 " + g.p50Ns() / 1e6 + " ms of " + g);
                assertTrue(g.p99Ns() >= 4 * MS, "p99 " + g.p99Ns() / 1e6 + " ms of " + g);
                long ms = 0;
                for (int b = 10; b < g.counts().length; b++) ms += g.count(b); // buckets from 1024 µs up
                assertTrue(ms >= g.total() * 3 / 4, "most waits ≥ 1 ms: " + g);
            }
        }
    }

    @Test
    void spinnersRunWholeSlicesAndArePreemptedNeverBlocked() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("cpu-contention"))) {
            Reports r = new Reports(db);
            Log2Histogram.Group g = only(r.cpudist(Filter.ALL.comm("busy"), Grouping.NONE, Unit.USECS));
            assertTrue(g.p50Ns() >= 1 * MS, "on-CPU p50 " + g.p50Ns() / 1e6 + " ms");
            // every switch-out of a spinner but its exit is a preemption (prev_state 0)
            List<List<Object>> states = rows(db, "SELECT prev_pid, count(*), count(*) FILTER (WHERE prev_state = 0) "
                    + "FROM sched_switch WHERE prev_comm = 'busy' GROUP BY 1");
            assertEquals(4, states.size());
            for (List<Object> s : states) assertTrue(asLong(s.get(1)) - asLong(s.get(2)) <= 1, "switch-outs, preempted: " + s);
        }
    }

    @Test
    void runningPlusWaitingAccountsForEachSpinnersLife() throws Exception {
        // A spinner is always on a CPU or in the run queue: on-CPU time (cpudist's values) plus run-queue
        // time (runqlat's) is its life, which exitsnoop reports as its age.
        try (CaptureDb db = CaptureDb.open(capture("cpu-contention"))) {
            Reports r = new Reports(db);
            Table.Collector exits = new Table.Collector("exits");
            r.exitsnoop(Filter.ALL.comm("busy"), false, exits);
            Table t = exits.table();
            assertEquals(4, t.rows().size(), "4 busy exits: " + t);
            for (int i = 0; i < t.rows().size(); i++) {
                int pid = ((Number) t.get(i, "pid")).intValue();
                double ageNs = ((Number) t.get(i, "age_s")).doubleValue() * 1e9;
                double oncpu = num(db, "SELECT sum(prev_oncpu_ns) FROM sched_switch WHERE prev_pid = " + pid);
                double runq = num(db, "SELECT sum(next_runq_ns) FROM sched_switch WHERE next_pid = " + pid);
                assertTrue(ageNs > 2.5e9, "each spins for 3 s: " + t.rows().get(i));
                assertEquals(ageNs, oncpu + runq, ageNs * 0.05,
                        "pid " + pid + ": on CPU " + oncpu / 1e6 + " ms + waiting " + runq / 1e6 + " ms vs age " + ageNs / 1e6 + " ms");
                assertTrue(runq > oncpu, "4 spinners on 2 CPUs wait more than they run: pid " + pid);
            }
        }
    }

    // --- dd: 1024 O_DIRECT writes of 64 KiB + fsync, reading them back, then 4096 reads of 4 KiB; --comm dd.

    @Test
    void everyDdBlockIsOneRequestToTheDisk() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("io-burst"))) {
            Reports r = new Reports(db);
            Table.Collector c = new Table.Collector("biosnoop");
            r.biosnoop(Filter.ALL.comm("dd"), c);
            Table t = c.table();
            Map<String, Integer> bySize = new HashMap<>();
            for (List<Object> row : t.rows()) {
                String key = row.get(t.column("t")) + " " + asLong(row.get(t.column("bytes")));
                bySize.merge(key, 1, Integer::sum);
            }
            assertEquals(1024, bySize.getOrDefault("W 65536", 0), "64 KiB writes: " + bySize);
            assertEquals(1024, bySize.getOrDefault("R 65536", 0), "64 KiB reads: " + bySize);
            // dd's own page-ins (its binary, libc) may add a read or two of 4 KiB besides the 4096 it asked for.
            int small = bySize.getOrDefault("R 4096", 0);
            assertTrue(small >= 4096 && small <= 4096 + 8, "4 KiB reads: " + bySize);
            for (List<Object> row : t.rows()) assertEquals("dd", row.get(t.column("comm")));
        }
    }

    @Test
    void biolatencyAndBiotopSeeTheBurst() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("io-burst"))) {
            Reports r = new Reports(db);
            Log2Histogram.Group g = only(r.biolatency(Filter.ALL.comm("dd"), Grouping.NONE, Unit.USECS));
            assertTrue(g.total() >= 1024 + 1024 + 4096, "requests: " + g);
            assertTrue(g.p50Ns() < 10 * MS, "a virtual disk answers a 64 KiB request in well under 10 ms: " + g);
            Table top = r.biotop(Filter.ALL, 10);
            long wKb = 0, rKb = 0;
            for (List<Object> row : top.rows()) {
                String dir = (String) row.get(top.column("t"));
                long kb = asLong(row.get(top.column("kbytes")));
                if (dir.equals("W")) wKb += kb;
                if (dir.equals("R")) rKb += kb;
            }
            assertTrue(wKb >= 65536, "64 MiB written: " + top);
            assertTrue(rKb >= 65536 + 16384 && rKb <= 65536 + 16384 + 64, "64 MiB + 16 MiB read, and a few pages of dd itself: " + top);
        }
    }

    @Test
    void syscountSeesOneReadAndOneWritePerBlock() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("io-burst"))) {
            Reports r = new Reports(db);
            Table t = r.syscount(Filter.ALL, false, false, false, 100);
            Map<String, Long> calls = new HashMap<>();
            for (List<Object> row : t.rows()) calls.put((String) row.get(t.column("syscall")), asLong(row.get(t.column("count"))));
            // dd #1 writes 1024 blocks, #2 and #3 read 1024 and 4096 and write each to /dev/null
            assertTrue(calls.getOrDefault("write", 0L) >= 1024 + 1024 + 4096, "writes: " + calls);
            assertTrue(calls.getOrDefault("read", 0L) >= 1024 + 1024 + 4096, "reads: " + calls);
            assertEquals(1L, calls.get("fsync"), "conv=fsync: " + calls);
            Table.Collector ex = new Table.Collector("execsnoop");
            r.execsnoop(Filter.ALL, ex);
            assertEquals(List.of("dd", "dd", "dd"), column(ex.table(), "pcomm"));
        }
    }

    // --- 4 threads taking turns on one pthread mutex (~1 ms held each time), -p, sched+offcpu+profile.

    /** Off-CPU intervals of the locker threads with each one's stack folded root first. */
    static final String OFFCPU_STACKS = """
            SELECT o.tid, o.dur_ns, string_agg(coalesce(f.func, '?'), ';' ORDER BY sf.depth DESC) AS folded
            FROM offcpu o JOIN stack_frame sf USING (stack_id) JOIN frame f USING (frame_id)
            WHERE o.comm LIKE 'locker-%'
            GROUP BY o.ts, o.tid, o.dur_ns, o.stack_id""";

    @Test
    void offCpuTimeOfTheLockersIsFutexWaitInPthreadMutexLock() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("lock-contention"))) {
            assertEquals(0, db.metadata().drops(Source.OFFCPU));
            List<List<Object>> perThread = rows(db, "SELECT comm, count(*), sum(dur_ns) FROM offcpu WHERE comm LIKE 'locker-%' GROUP BY 1 ORDER BY 1");
            assertEquals(List.of("locker-0", "locker-1", "locker-2", "locker-3"), perThread.stream().map(r -> r.get(0)).toList());
            for (List<Object> t : perThread) assertTrue(asLong(t.get(1)) >= 30, "each thread blocks again and again: " + t);

            double total = num(db, "SELECT sum(dur_ns) FROM offcpu WHERE comm LIKE 'locker-%'");
            double futex = num(db, "SELECT sum(dur_ns) FROM (" + OFFCPU_STACKS + ") WHERE folded LIKE '%futex_wait%'");
            double lockWait = num(db, "SELECT sum(dur_ns) FROM (" + OFFCPU_STACKS + ") WHERE folded LIKE '%lll_lock_wait%futex_wait%'");
            assertTrue(total > 1e9, "the lockers spend seconds blocked: " + total / 1e6 + " ms");
            assertTrue(futex / total >= 0.95, "futex_wait share of off-CPU time: " + futex / total);
            // glibc's lock slow path (no frame pointers in libc, so pthread_mutex_lock itself is skipped)
            assertTrue(lockWait / total >= 0.8, "__lll_lock_wait → futex_wait share: " + lockWait / total);
        }
    }

    /**
     * The summary's time columns are cut at the selection: in any window a process's threads cannot have run or been
     * blocked longer than the window (a `sleep 3` seen through a 2 s window counted 3000 ms).
     */
    @Test
    void summaryTimesAreCutAtTheWindow() throws Exception {
        for (String name : List.of("lock-contention", "cpu-contention")) {
            try (CaptureDb db = CaptureDb.open(capture(name))) {
                long start = db.metadata().startNs().getAsLong(), end = db.metadata().endNs().getAsLong(), step = (end - start) / 12;
                int checked = 0;
                for (long from = end - step; from >= start; from -= step / 2) { // the last window holds the end of the waits that span the recording
                    Map<String, Object> p = Filter.ALL.window(from, from + step).params();
                    p.put("limit", 1000L);
                    Table t = Query.named("top_sched").table(db.connection(), p);
                    for (int r = 0; r < t.rows().size(); r++) {
                        long threads = Math.max(1, ((Number) t.get(r, "threads")).longValue());
                        double windowMs = step / 1e6;
                        for (String col : List.of("oncpu_ms", "offcpu_ms")) {
                            double v = ((Number) t.get(r, col)).doubleValue();
                            // off-CPU: a process's threads that blocked but never ran in the window count too
                            long bound = col.equals("oncpu_ms") ? threads : Math.max(threads, ((Number) t.get(r, "blocks")).longValue());
                            assertTrue(v <= windowMs * bound + 1e-3, name + " " + t.get(r, "comm") + " " + col + " " + v
                                    + " ms in a " + windowMs + " ms window, " + bound + " threads at most");
                            if (v > 0) checked++;
                        }
                    }
                }
                assertTrue(checked > 0, name + ": some times were checked");
            }
        }
    }

    /**
     * The comm filter matches what the user reads: 'lockdemo', the name the process tables show, keeps its locker-N
     * threads too (it kept only the main thread, which barely runs); 'locker-*' keeps only the lockers.
     */
    @Test
    void theCommFilterMatchesProcessNamesAsWellAsThreadNames() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("lock-contention"))) {
            Map<String, Object> p = Filter.ALL.comm("lockdemo").params();
            p.put("tids", List.of());
            p.put("start_ns", db.metadata().startNs().getAsLong());
            p.put("limit", 1_000_000L);
            Table byProcess = Query.named("thread_states").table(db.connection(), p);
            java.util.Set<Object> comms = new java.util.TreeSet<>();
            for (int r = 0; r < byProcess.rows().size(); r++) comms.add(byProcess.get(r, "comm"));
            // and 'sh': the process before it exec'd lockdemo (same pid)
            assertTrue(comms.containsAll(java.util.Set.of("lockdemo", "locker-0", "locker-1", "locker-2", "locker-3")), comms.toString());
            java.util.Set<Object> pids = new java.util.HashSet<>();
            for (int r = 0; r < byProcess.rows().size(); r++) pids.add(byProcess.get(r, "pid"));
            assertEquals(1, pids.size(), "one process: " + pids);
            p.putAll(Filter.ALL.comm("locker-*").params());
            Table byThread = Query.named("thread_states").table(db.connection(), p);
            comms.clear();
            for (int r = 0; r < byThread.rows().size(); r++) comms.add(byThread.get(r, "comm"));
            assertEquals(java.util.Set.of("locker-0", "locker-1", "locker-2", "locker-3"), comms);
        }
    }

    @Test
    void summaryPutsTheContendedProcessFirstByOffCpuTime() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("lock-contention"))) {
            Reports r = new Reports(db);
            int pid = (int) num(db, "SELECT pid FROM proc_exec WHERE comm = 'lockdemo'");
            Summary s = r.summary(Filter.ALL.pids(List.of(pid)), 5);
            Table off = s.top().stream().filter(t -> t.title().contains("off-CPU")).findFirst().orElseThrow();
            assertEquals(pid, ((Number) off.get(0, "pid")).intValue(), off.toString());
            // 4 threads contending (plus main in pthread_join) are blocked more than they run
            Table cpu = s.top().stream().filter(t -> t.title().contains("by CPU time")).findFirst().orElseThrow();
            double oncpuMs = ((Number) cpu.get(0, "oncpu_ms")).doubleValue();
            double offMs = ((Number) off.get(0, "offcpu_ms")).doubleValue();
            assertTrue(offMs > oncpuMs, "off " + offMs + " ms vs on " + oncpuMs + " ms");
        }
    }

    /**
     * cpu-contention was recorded with --comm busy: other tasks show only in the switches next to the spinners,
     * untimed, so the summary gives them no off-CPU time (they ran and blocked unseen in between) and says why.
     */
    @Test
    void summaryOfAScopedRecordingTimesOnlyItsScope() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("cpu-contention"))) {
            assertTrue(num(db, "SELECT count(DISTINCT next_comm) FROM sched_switch WHERE next_comm <> 'busy'") > 0, "other tasks are in the switches");
            Summary s = new Reports(db).summary(Filter.ALL, 10);
            assertEquals("comm busy (--comm): only these processes were timed; others show only where they met them", s.facts().get("scope"));
            Table cpu = s.top().get(0), off = s.top().get(1);
            assertEquals(List.of("busy", "busy", "busy", "busy"), column(cpu, "comm"));
            assertTrue(off.title().endsWith("; known only for comm busy (--comm)"), off.title());
            assertTrue(column(off, "comm").stream().allMatch("busy"::equals), off.toString());
        }
    }

    @Test
    void profileShowsTheHolderSpinningInsideTheLock() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("lock-contention"))) {
            String folded = """
                    SELECT string_agg(coalesce(f.func, '?'), ';' ORDER BY sf.depth DESC) AS folded
                    FROM cpu_sample c JOIN stack_frame sf USING (stack_id) JOIN frame f USING (frame_id)
                    WHERE c.comm LIKE 'locker-%' GROUP BY c.ts, c.tid, c.stack_id""";
            double samples = num(db, "SELECT count(*) FROM (" + folded + ")");
            double hold = num(db, "SELECT count(*) FROM (" + folded + ") WHERE folded LIKE '%worker;hold%'");
            double outside = num(db, "SELECT count(*) FROM (" + folded + ") WHERE folded LIKE '%worker;outside%'");
            assertTrue(samples >= 30, "samples: " + samples);
            // 1 ms inside the lock for every 0.1 ms outside it
            assertTrue(hold >= 0.6 * samples, "hold " + hold + " of " + samples);
            assertTrue(hold >= 3 * outside, "hold " + hold + ", outside " + outside);
        }
    }

    /**
     * user-probes: the mutex makes the lockers' hold() calls take turns, so, entry and return paired in the kernel, no
     * two overlap; each spins at least 1 ms; each loop calls hold() then outside(), and pthread_mutex_lock before both.
     */
    @Test
    void theLockersHoldCallsTakeTurns() throws Exception {
        try (CaptureDb db = CaptureDb.open(capture("user-probes"))) {
            assertEquals(0, db.metadata().drops(Source.UPROBE));
            long holds = (long) num(db, "SELECT count(*) FROM uprobe_call WHERE func = 'hold' AND kind = 'uretprobe'");
            assertTrue(holds > 500, "hold() calls: " + holds);
            assertEquals(holds, (long) num(db, "SELECT count(*) FROM uprobe_call WHERE func = 'outside' AND kind = 'uprobe'"));
            assertTrue(num(db, "SELECT count(*) FROM uprobe_call WHERE func = 'pthread_mutex_lock' AND kind = 'uretprobe'") >= holds);
            assertEquals(1_000_000, num(db, "SELECT min(dur_ns) FROM uprobe_call WHERE func = 'hold'"), 200_000, "hold() spins for 1 ms");
            assertEquals(0, num(db, "SELECT count(*) FROM (SELECT start_ts, lag(ts) OVER (ORDER BY start_ts) AS prev_end"
                    + " FROM uprobe_call WHERE func = 'hold') WHERE start_ts < prev_end"), "overlapping hold() calls");
            assertEquals(4, num(db, "SELECT count(DISTINCT tid) FROM uprobe_call WHERE func = 'hold'"), "the 4 lockers");
        }
    }
}
