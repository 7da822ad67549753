package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lockstat and futexctn, the lock_contention caller and the futex_waker pairing, on a capture of six contentions
 * and seven futex calls whose sums and wakers are worked out by hand.
 */
class LockQueriesTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    /** Kernel stacks: K1 down_write_killable ← __vm_munmap ← syscall; K2 _raw_spin_lock ← rcu_core; user U1 libc syscall ← Parker::park. */
    static final long K1 = 1, K2 = 2, U1 = 3;

    @BeforeAll
    static void open() throws Exception {
        KnownCapture c = new KnownCapture().sources("lock");
        String k = "[kernel.kallsyms]";
        KnownStacks.frame(c, 1, "__traceiter_contention_end", k, null, 0xffffffff81000010L);
        KnownStacks.frame(c, 2, "rwsem_down_write_slowpath", k, null, 0xffffffff81000020L);
        KnownStacks.frame(c, 3, "down_write_killable", k, null, 0xffffffff81000030L);
        KnownStacks.frame(c, 4, "__vm_munmap", k, null, 0xffffffff81000040L);
        KnownStacks.frame(c, 5, "do_syscall_64", k, null, 0xffffffff81000050L);
        KnownStacks.frame(c, 6, "queued_spin_lock_slowpath", k, null, 0xffffffff81000060L);
        KnownStacks.frame(c, 7, "_raw_spin_lock", k, null, 0xffffffff81000070L);
        KnownStacks.frame(c, 8, "rcu_core", k, null, 0xffffffff81000080L);
        KnownStacks.frame(c, 9, "syscall", "/usr/lib/x86_64-linux-gnu/libc.so.6", 0x1000L, 0x7f0000001000L);
        KnownStacks.frame(c, 10, "Parker::park(bool, long)", "/opt/jdk/lib/server/libjvm.so", 0x2000L, 0x7f0000002000L);
        KnownStacks.stack(c, K1, "kernel", 1, 2, 3, 4, 5);
        KnownStacks.stack(c, K2, "kernel", 6, 7, 8);
        KnownStacks.stack(c, U1, "fp", 9, 10);
        // at ms, pid, tid, comm, lock id, name, type, flags, ns, stack
        lock(c, 10, 100, 101, "app-w1", 1, "mmap_lock", "rwsem:W", 4, 300_000, K1);
        lock(c, 20, 100, 102, "app-w2", 1, "mmap_lock", "rwsem:W", 4, 100_000, K1);
        lock(c, 30, 100, 101, "app-w1", 1, "mmap_lock", "rwsem:W", 4, 200_000, K1);
        lock(c, 40, 200, 200, "db", 2, "rcu_state", "spinlock", 1, 5_000, K2);
        lock(c, 50, 200, 200, "db", 3, null, "spinlock", 1, 1_000, K2);
        lock(c, 60, 100, 101, "app-w1", 4, null, "mutex", 32, 50_000, null);
        // futex: waiter 101 on word A (3 waits: woken by 102, woken by 103, timed out), an EAGAIN, one wait on B woken by nobody seen
        long a = 0x7f00aa00L, b = 0x7f00bb00L;
        futex(c, EventKind.FUTEX_WAIT, 100, 100, 101, "app-w1", a, "WAIT_BITSET", 137, 2_000_000, 0, U1);
        wake(c, 99, 100, 102, "app-w2", a, 50_000);   // began at 98.95 ms, inside the wait (98..100)
        futex(c, EventKind.FUTEX_WAIT, 200, 100, 101, "app-w1", a, "WAIT_BITSET", 137, 4_000_000, 0, U1);
        wake(c, 197, 100, 103, "app-w3", a, 10_000);  // the last wake begun inside 196..200
        wake(c, 150, 100, 102, "app-w2", a, 10_000);  // before that wait began: not its waker
        futex(c, EventKind.FUTEX_WAIT, 300, 100, 101, "app-w1", a, "WAIT_BITSET", 137, 20_000_000, -110, U1);
        futex(c, EventKind.FUTEX_WAIT, 310, 100, 101, "app-w1", a, "WAIT_BITSET", 137, 3_000, -11, U1);
        futex(c, EventKind.FUTEX_WAIT, 400, 200, 200, "db", b, "WAIT", 128, 1_000_000, 0, null);
        c.thread(0, 100, 100, "app", 1, "/usr/bin/app", null);
        db = CaptureDb.open(c.write(dir.resolve("lock.parquet"), 1000 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static void lock(KnownCapture c, long atMs, int pid, int tid, String comm, long id, String name, String type, long flags, long ns,
                             Long stack) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, tid, Column.COMM, comm, Column.LOCK_ID, id,
                Column.LOCK_TYPE, type, Column.FLAGS, flags, Column.DUR_NS, ns, Column.RET, 0L));
        if (name != null) v.addAll(List.of(Column.LOCK_NAME, name));
        if (stack != null) v.addAll(List.of(Column.STACK_ID, stack));
        c.row(EventKind.LOCK_CONTENTION, atMs * MS, v.toArray());
    }

    private static void futex(KnownCapture c, EventKind kind, long atMs, int pid, int tid, String comm, long uaddr, String op, long flags,
                              long ns, long ret, Long stack) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, pid, Column.TID, tid, Column.COMM, comm, Column.UADDR, uaddr,
                Column.FUTEX_OP, op, Column.FLAGS, flags, Column.DUR_NS, ns, Column.RET, ret));
        if (stack != null) v.addAll(List.of(Column.STACK_ID, stack));
        c.row(kind, atMs * MS, v.toArray());
    }

    private static void wake(KnownCapture c, long atMs, int pid, int tid, String comm, long uaddr, long ns) {
        futex(c, EventKind.FUTEX_WAKE, atMs, pid, tid, comm, uaddr, "WAKE", 129, ns, 1, null);
    }

    private static List<String> rows(String report, Filter f, Object... params) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("limit", 20L);
        for (int i = 0; i < params.length; i += 2) p.put((String) params[i], params[i + 1]);
        Table.Collector c = new Table.Collector("t");
        reports.rows(Analysis.of(report), report, f, p, c);
        return c.table().rows().stream()
                .map(r -> String.join("|", r.stream().map(v -> v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v)).toList()))
                .toList();
    }

    @Test
    void lockstatPerCallerSkipsTheLockingFunctions() throws Exception {
        assertEquals(List.of("3|600.000|300.000|200.000|rwsem:W|__vm_munmap+0x4", "1|50.000|50.000|50.000|mutex|unknown",
                        "2|6.000|5.000|3.000|spinlock|rcu_core+0x4"),
                rows("lockstat", Filter.ALL, "by", "caller"));
    }

    @Test
    void lockstatPerLockAndPerThread() throws Exception {
        assertEquals(List.of("3|600.000|300.000|200.000|rwsem:W|mmap_lock", "1|50.000|50.000|50.000|mutex|lock #4",
                "1|5.000|5.000|5.000|spinlock|rcu_state", "1|1.000|1.000|1.000|spinlock|lock #3"), rows("lockstat", Filter.ALL, "by", "lock"));
        assertEquals(List.of("3|550.000|300.000|183.333|mutex,rwsem:W|app-w1 (101)", "1|100.000|100.000|100.000|rwsem:W|app-w2 (102)",
                "2|6.000|5.000|3.000|spinlock|db (200)"), rows("lockstat", Filter.ALL, "by", "task"));
        assertEquals(List.of("2|6.000|5.000|3.000|spinlock|rcu_core+0x4"), rows("lockstat", Filter.ALL.pids(List.of(200)), "by", "caller"));
        assertEquals(List.of("3|600.000|300.000|200.000|rwsem:W|__vm_munmap+0x4"), rows("lockstat", Filter.ALL, "by", "caller", "limit", 1L));
    }

    @Test
    void eachWokenWaitNamesTheLastWakeBegunDuringIt() throws Exception {
        try (Statement st = db.connection().createStatement();
             ResultSet rs = st.executeQuery("SELECT (w.ts - " + KnownCapture.START + ") // 1000000, k.waker_tid, k.waker_comm FROM futex_wait w "
                     + "LEFT JOIN futex_waker k USING (tid, ts) ORDER BY w.ts")) {
            List<String> got = new ArrayList<>();
            while (rs.next()) got.add(rs.getLong(1) + ":" + rs.getObject(2) + ":" + rs.getObject(3));
            assertEquals(List.of("100:102:app-w2", "200:103:app-w3", "300:null:null", "310:null:null", "400:null:null"), got);
        }
    }

    @Test
    void futexHistogramPerProcessAndWordLeavesOutEagain() throws Exception {
        Log2Histogram h = reports.histogram(Analysis.of("futexctn"), "futex_histogram", Filter.ALL, "futex", Log2Histogram.Unit.USECS, Map.of());
        assertEquals(List.of("100 0x7f00aa00", "200 0x7f00bb00"), h.groups().stream().map(Log2Histogram.Group::key).toList());
        Log2Histogram.Group app = h.groups().get(0);
        assertEquals("app-w1", app.name());
        assertEquals(3, app.total(), "2, 4 and 20 ms; the EAGAIN apart");
        assertEquals(1, app.count(10), "2 ms: 2000 us in [1024, 2048)");
        assertEquals(1, app.count(11), "4 ms: 4000 us in [2048, 4096)");
        assertEquals(1, app.count(14), "20 ms: 20000 us in [16384, 32768)");
    }

    /**
     * The timeline's wait strip for thread 101 at 1 ms a bucket: its three kernel lock waits, each shorter than a bucket,
     * summed in the bucket it began in; its futex waits of 2, 4 and 20 ms as they are, the woken ones with their waker;
     * the EAGAIN (no wait) left out. At 100 ms a bucket, the lock waits and the first futex wait share one.
     */
    @Test
    void timelineWaitStripOfAThread() throws Exception {
        long s = KnownCapture.START;
        assertEquals(List.of("9000000|1000000|300000|0|1|mmap_lock", "29000000|1000000|200000|0|1|mmap_lock", "59000000|1000000|50000|0|1|mutex",
                        "98000000|2000000|0|2000000|1|futex 0x7f00aa00, woken by app-w2 (102)",
                        "196000000|4000000|0|4000000|1|futex 0x7f00aa00, woken by app-w3 (103)", "280000000|20000000|0|20000000|1|futex 0x7f00aa00"),
                waits(s, 1_000_000, 101));
        // the longest wait of a bucket names it, without its waker: one of several waits was woken by someone
        assertEquals(List.of("0|100000000|550000|2000000|4|futex 0x7f00aa00", "100000000|100000000|0|4000000|1|futex 0x7f00aa00",
                "200000000|100000000|0|20000000|1|futex 0x7f00aa00"), waits(s, 100_000_000, 101));
        // a window from 290 ms: the 20 ms wait that began at 280 reaches into it, and comes as it is
        assertEquals(List.of("280000000|20000000|0|20000000|1|futex 0x7f00aa00"), waits(s + 290 * MS, 1_000_000, 101));
    }

    /** timeline_thread_waits of {@code tid} from {@code from} to the end, as "start|dur|lock|futex|waits|top" from the capture's start. */
    private static List<String> waits(long from, long bucket, int tid) throws Exception {
        Map<String, Object> p = new HashMap<>(Filter.ALL.params());
        p.put("from_ns", from);
        p.put("to_ns", KnownCapture.START + 1000 * MS);
        p.put("bucket_ns", bucket);
        p.put("tids", List.of(tid));
        Table t = Query.named("timeline_thread_waits").table(db.connection(), p);
        return t.rows().stream().map(r -> (((Number) r.get(1)).longValue() - KnownCapture.START) + "|" + r.get(2) + "|" + r.get(3) + "|" + r.get(4)
                + "|" + r.get(5) + "|" + r.get(6)).toList();
    }

    @Test
    void futexctnPerProcessWordAndCallSite() throws Exception {
        // app's word: waits of 2, 4 and 20 ms (the EAGAIN apart), caller past libc's syscall; db's word: 1 ms, no stack
        assertEquals(List.of("100|app|0x7f00aa00|Parker::park(bool, long)|3|26.000|20000.000|8666.667|1|1|app-w2 (102)",
                "200|db|0x7f00bb00|unknown|1|1.000|1000.000|1000.000|0|0|null"), rows("futexctn", Filter.ALL));
        assertEquals(List.of("200|db|0x7f00bb00|unknown|1|1.000|1000.000|1000.000|0|0|null"), rows("futexctn", Filter.ALL.comm("db")));
    }
}
