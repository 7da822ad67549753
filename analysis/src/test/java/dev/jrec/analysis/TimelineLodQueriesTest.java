package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline's level-of-detail queries, timeline_cpu_slices, timeline_thread_marks and timeline_thread_states, on a
 * capture of random slices (1 µs to 8 ms on 2 CPUs, 3 s) and syscalls: whatever the window and the bucket, the rows add up to what the
 * switches and calls say, bucket by bucket, and there are at most about two rows per bucket.
 */
class TimelineLodQueriesTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static final long END = 3000 * MS;
    static final int CPUS = 2;

    @BeforeAll
    static void open() throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        record Ev(long at, Object[] a) {}
        List<Ev> evs = new ArrayList<>();
        for (int cpu = 0; cpu < CPUS; cpu++) {
            // back-to-back slices with idle gaps; one in 40 is long (up to 8 ms)
            long t = r.nextLong(50 * US);
            int prev = 0;
            while (t < END - 10 * MS) {
                long d = r.nextInt(40) == 0 ? r.nextLong(1 * MS, 8 * MS) : r.nextLong(1 * US, 200 * US);
                int task = 100 + r.nextInt(6);
                if (r.nextInt(5) == 0) {
                    long gap = r.nextLong(1 * US, 300 * US);
                    evs.add(new Ev(t, new Object[] {cpu, prev, "task", task, d}));
                    prev = 0;
                    t += gap;
                    continue;
                }
                t += d;
                evs.add(new Ev(t, new Object[] {cpu, task, "task", 0, d}));
            }
        }
        KnownCapture k = new KnownCapture().sources("sched,syscall,block");
        evs.sort(Comparator.comparingLong(Ev::at));
        for (Ev e : evs) {
            int cpu = (int) e.a()[0], pid = (int) e.a()[1], next = (int) e.a()[3];
            long d = (long) e.a()[4];
            if (pid == 0) k.sw(e.at(), cpu, 0, 0, "swapper/" + cpu, 0, next, next, "task", null, 5 * US);
            else k.sw(e.at(), cpu, pid, pid, "task" + pid, 1, next, next, "task", d, null);
        }
        long t = 0;
        while (t < END - 10 * MS) {
            long d = r.nextInt(30) == 0 ? r.nextLong(1 * MS, 20 * MS) : r.nextLong(200, 40 * US);
            t += d + r.nextLong(1 * US, 300 * US);
            int tid = 100 + r.nextInt(3);
            k.syscall(t, tid, tid, "task" + tid, r.nextBoolean() ? "read" : "write", d, 8, null);
            if (r.nextInt(200) == 0) k.block(t, tid, "task" + tid, 253, 0, "vda", t / 512, 4096, "R", r.nextLong(50 * US, 3 * MS));
        }
        db = CaptureDb.open(k.write(dir.resolve("lod.parquet"), END));
        new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    static Table lod(String query, long from, long to, long bucket) throws Exception {
        Map<String, Object> p = Filter.ALL.params();
        p.put("from_ns", from);
        p.put("to_ns", to);
        p.put("bucket_ns", bucket);
        p.put("start_ns", START);
        if (query.equals("timeline_thread_marks")) p.put("tids", List.of());
        return Query.named(query).table(db.connection(), p);
    }

    static long scalar(String sql) throws Exception {
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Per CPU and bucket, on-CPU time in SQL straight from the switches: each slice's overlap with the bucket. */
    static Map<String, Long> busyPerBucket(long from, long to, long bucket) throws Exception {
        Map<String, Long> out = new HashMap<>();
        String sql = "WITH b AS (SELECT range AS i, greatest(" + from + " + range * " + bucket + ", " + START + ") AS bs, least(" + from
                + " + (range + 1) * " + bucket + ", " + to + ") AS be FROM range(0, (" + (to - from) + " + " + bucket + " - 1) // " + bucket + ")) "
                + "SELECT s.cpu, b.i, sum(least(s.ts, b.be) - greatest(s.ts - s.prev_oncpu_ns, b.bs)) FROM sched_switch s JOIN b "
                + "ON s.ts > b.bs AND s.ts - s.prev_oncpu_ns < b.be WHERE s.prev_pid <> 0 AND s.prev_oncpu_ns IS NOT NULL GROUP BY ALL";
        try (Statement st = db.connection().createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) if (rs.getLong(3) > 0) out.put(rs.getInt(1) + "/" + rs.getLong(2), rs.getLong(3));
        }
        return out;
    }

    @Test
    void perCpuBusyTimePerBucketIsTheSumOverTheSlices() throws Exception {
        long[][] cases = {
                {START, START + END, 3000 * MS / 1500},            // the whole recording, 1500 pixels
                {START, START + END, 100 * US},                    // finer
                {START + 700 * MS, START + 760 * MS, 60 * MS / 1200}, // 60 ms in view
                {START + 1234 * MS + 17, START + 1234 * MS + 517 * US, 333}, // sub-millisecond, odd bucket
                {START - 5 * MS, START + 40 * MS, 7 * MS},          // from before the recording, wide buckets
        };
        for (long[] c : cases) {
            long from = c[0], to = c[1], bucket = c[2];
            Table t = lod("timeline_cpu_slices", from, to, bucket);
            Map<String, Long> fromRows = new HashMap<>();
            Map<Integer, Long> rowsPerCpu = new HashMap<>();
            long slices = 0;
            for (int i = 0; i < t.rows().size(); i++) {
                int cpu = ((Number) t.get(i, "cpu")).intValue();
                long s = (Long) t.get(i, "start_ns"), d = (Long) t.get(i, "dur_ns"), busy = (Long) t.get(i, "busy_ns"), n = (Long) t.get(i, "slices");
                slices += n;
                rowsPerCpu.merge(cpu, 1L, Long::sum);
                assertTrue(s >= from && s + d <= to, "inside the window: " + t.rows().get(i));
                if (n == 1 && busy == d && d >= bucket) {
                    // a slice as it is: its time goes to every bucket it overlaps
                    for (long b = (s - from) / bucket; from + b * bucket < s + d; b++) {
                        long part = Math.min(s + d, from + (b + 1) * bucket) - Math.max(s, from + b * bucket);
                        if (part > 0) fromRows.merge(cpu + "/" + b, part, Long::sum);
                    }
                } else {
                    assertEquals(0, (s - from) % bucket, "a bucket's row starts at its bucket");
                    assertTrue(busy <= d, "a bucket is never busier than it is long: " + t.rows().get(i));
                    fromRows.merge(cpu + "/" + (s - from) / bucket, busy, Long::sum);
                }
            }
            assertFalse(fromRows.isEmpty());
            assertEquals(busyPerBucket(from, to, bucket), fromRows, "window " + (from - START) + ".." + (to - START) + " by " + bucket);
            long overlapping = scalar("SELECT count(*) FROM sched_switch WHERE prev_pid <> 0 AND prev_oncpu_ns IS NOT NULL AND ts > " + from
                    + " AND ts > " + START + " AND ts - prev_oncpu_ns < " + to + " AND least(ts, " + to + ") > greatest(ts - prev_oncpu_ns, " + from + ", " + START + ")");
            assertEquals(overlapping, slices, "every slice is counted once");
            long buckets = (to - from + bucket - 1) / bucket;
            for (long n : rowsPerCpu.values()) assertTrue(n <= 2 * buckets + 1, n + " rows for " + buckets + " buckets");
        }
        // the whole recording at 1500 pixels: far fewer rows than slices
        Table whole = lod("timeline_cpu_slices", START, START + END, 3000 * MS / 1500);
        long switches = scalar("SELECT count(*) FROM sched_switch");
        assertTrue(switches > 20_000 && whole.rows().size() < switches / 4, whole.rows().size() + " rows for " + switches + " switches");
        assertTrue(whole.rows().stream().anyMatch(r -> (Long) r.get(whole.column("slices")) > 5), "buckets of many slices");
    }

    @Test
    void aSliceAtLeastABucketLongComesAsItIs() throws Exception {
        Table t = lod("timeline_cpu_slices", START, START + END, 1 * MS);
        long longOnes = scalar("SELECT count(*) FROM sched_switch WHERE prev_pid <> 0 AND prev_oncpu_ns >= " + MS + " AND ts - prev_oncpu_ns >= " + START);
        long rows = t.rows().stream().filter(r -> (Long) r.get(t.column("slices")) == 1 && r.get(t.column("dur_ns")).equals(r.get(t.column("busy_ns")))
                && (Long) r.get(t.column("dur_ns")) >= MS).count();
        assertEquals(longOnes, rows);
        for (List<Object> r : t.rows()) assertTrue(((String) r.get(t.column("comm"))).startsWith("task"), "named for its thread: " + r);
    }

    /** timeline_thread_states at 1 ns is thread_states; at a pixel's width it counts every interval once, in fewer rows. */
    @Test
    void threadStatesAtALevelOfDetailAreThreadStatesSummed() throws Exception {
        long[][] cases = {{START, START + END}, {START + 700 * MS, START + 760 * MS}, {START + 1234 * MS + 17, START + 1234 * MS + 517 * US}};
        for (long[] c : cases) {
            Map<String, Object> p = Filter.ALL.params();
            p.putAll(Map.of("from_ns", c[0], "to_ns", c[1], "start_ns", START, "tids", List.of(), "limit", 10_000_000L));
            Table exact = Query.named("thread_states").table(db.connection(), p);
            p.put("bucket_ns", 1L);
            Table lod1 = Query.named("timeline_thread_states").table(db.connection(), p);
            assertFalse(exact.rows().isEmpty());
            assertEquals(exact.rows().size(), lod1.rows().size(), "at 1 ns every interval is a row of its own");
            for (int i = 0; i < exact.rows().size(); i++) {
                for (String col : List.of("tid", "state", "start_ns", "dur_ns")) assertEquals(exact.get(i, col), lod1.get(i, col), col + " of row " + i);
            }
            long bucket = Math.max(1, (c[1] - c[0]) / 1000);
            p.put("bucket_ns", bucket);
            Table lod = Query.named("timeline_thread_states").table(db.connection(), p);
            long intervals = 0;
            Map<Object, Long> rowsPerTid = new HashMap<>();
            for (int i = 0; i < lod.rows().size(); i++) {
                intervals += (Long) lod.get(i, "intervals");
                rowsPerTid.merge(lod.get(i, "tid"), 1L, Long::sum);
                assertTrue((Long) lod.get(i, "state_ns") <= (Long) lod.get(i, "dur_ns") || (Long) lod.get(i, "intervals") > 1, lod.rows().get(i).toString());
            }
            assertEquals(exact.rows().size(), intervals, "every interval is counted once");
            for (long n : rowsPerTid.values()) assertTrue(n <= 2 * 1001 + 1, n + " rows");
            if (c[0] == START) assertTrue(lod.rows().size() < exact.rows().size() / 3, lod.rows().size() + " of " + exact.rows().size());
        }
    }

    @Test
    void threadMarksAddUpToTheSyscallsAndListEveryRequest() throws Exception {
        long[][] cases = {{START, START + END, 3000 * MS / 1500}, {START + 100 * MS, START + 130 * MS, 20 * US}, {START, START + END, 1}};
        for (long[] c : cases) {
            long from = c[0], to = c[1], bucket = c[2];
            Table t = lod("timeline_thread_marks", from, to, bucket);
            String overlap = " FROM syscall WHERE ts > " + from + " AND start_ts < " + to + " AND ts > " + START;
            long calls = 0, busy = 0, blocks = 0;
            for (List<Object> r : t.rows()) {
                if (r.get(t.column("cat")).equals("block")) {
                    blocks++;
                    continue;
                }
                calls += (Long) r.get(t.column("calls"));
                busy += (Long) r.get(t.column("busy_ns"));
                assertTrue((Long) r.get(t.column("busy_ns")) <= (Long) r.get(t.column("dur_ns")) || (Long) r.get(t.column("calls")) > 1, r.toString());
            }
            assertEquals(scalar("SELECT count(*)" + overlap), calls, "every syscall is counted once");
            assertEquals(scalar("SELECT sum(least(ts, " + to + ") - greatest(start_ts, " + from + ", " + START + "))" + overlap), busy, "their time");
            assertEquals(scalar("SELECT count(*) FROM block_rq_complete WHERE ts > " + from + " AND ts - latency_ns < " + to + " AND ts > " + START), blocks);
            if (bucket == 1) assertEquals(calls, t.rows().size() - blocks, "at 1 ns every call is a row of its own");
        }
        // the lanes in sight only
        Map<String, Object> p = Filter.ALL.params();
        p.putAll(Map.of("from_ns", START, "to_ns", START + END, "bucket_ns", 2 * MS, "start_ns", START, "tids", List.of(101)));
        Table one = Query.named("timeline_thread_marks").table(db.connection(), p);
        assertFalse(one.rows().isEmpty());
        assertTrue(one.rows().stream().allMatch(r -> ((Number) r.get(one.column("tid"))).intValue() == 101));
        assertEquals(scalar("SELECT count(*) FROM syscall WHERE tid = 101 AND ts > " + START),
                one.rows().stream().filter(r -> r.get(0).equals("syscall")).mapToLong(r -> (Long) r.get(one.column("calls"))).sum());
    }
}
