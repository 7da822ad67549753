package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hardirqs, softirqs (totals and -d) and irqsteal on a capture of eight handler runs, against sums worked out by hand. */
class IrqQueriesTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    @BeforeAll
    static void open() throws Exception {
        KnownCapture c = new KnownCapture().sources("irq");
        // at, cpu, interrupted pid/tid/comm, irq, name, ns in the handler
        hard(c, 10, 0, 100, 101, "app-worker", 36, "virtio1-req.0", 1_500);
        hard(c, 20, 0, 0, 0, "swapper/0", 36, "virtio1-req.0", 900);
        hard(c, 30, 1, 100, 100, "app", 41, "virtio3-rx", 7_300);
        hard(c, 40, 1, 200, 200, "db", 36, "virtio1-req.0", 2_600);
        // at, cpu, pid/tid/comm run over, vector, name, ns
        soft(c, 15, 0, 100, 101, "app-worker", 3, "NET_RX", 12_000);
        soft(c, 25, 0, 0, 0, "swapper/0", 1, "TIMER", 3_400);
        soft(c, 35, 1, 200, 200, "db", 3, "NET_RX", 800);
        soft(c, 45, 1, 14, 14, "ksoftirqd/1", 9, "RCU", 40_000);
        c.thread(0, 100, 100, "app-main", 1, "/usr/bin/app", null);
        db = CaptureDb.open(c.write(dir.resolve("irq.parquet"), 1000 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static void hard(KnownCapture c, long atMs, int cpu, int pid, int tid, String comm, int irq, String name, long ns) {
        c.row(EventKind.HARDIRQ, atMs * MS, Column.CPU, cpu, Column.PID, pid, Column.TID, tid, Column.COMM, comm,
                Column.IRQ, irq, Column.IRQ_NAME, name, Column.DUR_NS, ns, Column.RET, 1L);
    }

    private static void soft(KnownCapture c, long atMs, int cpu, int pid, int tid, String comm, int vec, String name, long ns) {
        c.row(EventKind.SOFTIRQ, atMs * MS, Column.CPU, cpu, Column.PID, pid, Column.TID, tid, Column.COMM, comm,
                Column.IRQ, vec, Column.IRQ_NAME, name, Column.DUR_NS, ns);
    }

    private static List<String> rows(String report, Filter f, Object... params) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("cpu", null);
        for (int i = 0; i < params.length; i += 2) p.put((String) params[i], params[i + 1]);
        Table.Collector c = new Table.Collector("t");
        reports.rows(Analysis.of(report), report, f, p, c);
        return c.table().rows().stream()
                .map(r -> String.join("|", r.stream().map(v -> v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v)).toList()))
                .toList();
    }

    @Test
    void hardirqsSumsEachHandlersTimeThenFloorsIt() throws Exception {
        // virtio1-req.0: 1500 + 900 + 2600 ns = 5 us (BCC, flooring each run first, would say 1 + 0 + 2 = 3)
        assertEquals(List.of("virtio3-rx|7", "virtio1-req.0|5"), rows("hardirqs", Filter.ALL, "counts", false, "unit_ns", 1000L));
        assertEquals(List.of("virtio3-rx|7300", "virtio1-req.0|5000"), rows("hardirqs", Filter.ALL, "counts", false, "unit_ns", 1L));
        assertEquals(List.of("virtio1-req.0|3", "virtio3-rx|1"), rows("hardirqs", Filter.ALL, "counts", true, "unit_ns", 1000L));
    }

    @Test
    void hardirqsOfOneCpuOrOverOneProcess() throws Exception {
        assertEquals(List.of("virtio3-rx|7", "virtio1-req.0|2"), rows("hardirqs", Filter.ALL, "counts", false, "unit_ns", 1000L, "cpu", 1));
        assertEquals(List.of("virtio3-rx|7", "virtio1-req.0|1"),
                rows("hardirqs", Filter.ALL.pids(List.of(100)), "counts", false, "unit_ns", 1000L), "the runs that interrupted app");
        assertEquals(List.of("virtio1-req.0|1"), rows("hardirqs", Filter.ALL.comm("swapper*"), "counts", true, "unit_ns", 1000L));
        assertEquals(List.of("virtio1-req.0|1"),
                rows("hardirqs", Filter.ALL.window(KnownCapture.START + 20 * MS, KnownCapture.START + 30 * MS), "counts", true, "unit_ns", 1L));
    }

    @Test
    void softirqsInVectorOrderNamedAsBccNamesThem() throws Exception {
        assertEquals(List.of("timer|3", "net_rx|12", "rcu|40"), rows("softirqs", Filter.ALL, "counts", false, "unit_ns", 1000L));
        assertEquals(List.of("timer|1", "net_rx|2", "rcu|1"), rows("softirqs", Filter.ALL, "counts", true, "unit_ns", 1000L));
        assertEquals(List.of("net_rx|800", "rcu|40000"), rows("softirqs", Filter.ALL, "counts", false, "unit_ns", 1L, "cpu", 1));
    }

    @Test
    void histogramsPerHandlerAndPerVector() throws Exception {
        Map<String, Object> all = new HashMap<>();
        all.put("cpu", null);
        Log2Histogram h = reports.histogram(Analysis.of("hardirqs"), "irq_histogram", Filter.ALL, "hardirq", Log2Histogram.Unit.USECS, all);
        assertEquals("hardirq", h.groupBy());
        assertEquals(List.of("virtio1-req.0", "virtio3-rx"), h.groups().stream().map(Log2Histogram.Group::key).toList());
        assertArrayEquals(new long[] {2, 1}, h.groups().get(0).counts(), "0.9 and 1.5 us in 0 -> 1, 2.6 in 2 -> 3");
        assertArrayEquals(new long[] {0, 0, 1}, h.groups().get(1).counts());
        assertEquals(2_600, h.groups().get(0).maxNs());

        Log2Histogram s = reports.histogram(Analysis.of("softirqs"), "irq_histogram", Filter.ALL, "softirq", Log2Histogram.Unit.USECS, all);
        assertEquals(List.of("1 timer", "3 net_rx", "9 rcu"), s.groups().stream().map(g -> g.key() + " " + g.name()).toList(), "vector order");
        assertArrayEquals(new long[] {1, 0, 0, 1}, s.groups().get(1).counts(), "0.8 us and 12 us");
        all.put("cpu", 0);
        assertEquals(2, reports.histogram(Analysis.of("softirqs"), "irq_histogram", Filter.ALL, "softirq", Log2Histogram.Unit.USECS, all)
                .groups().size(), "cpu 0 ran timer and net_rx");
    }

    @Test
    void irqstealPerProcessAndPerThread() throws Exception {
        assertEquals(List.of(
                "14|null|ksoftirqd/1|0|0.000|1|0.040|0.040",
                "100|null|app-main|2|0.009|1|0.012|0.021",
                "0|null|idle|1|0.001|1|0.003|0.004",
                "200|null|db|1|0.003|1|0.001|0.003"), rows("irqsteal", Filter.ALL, "per_thread", false, "limit", 10L));
        assertEquals(List.of(
                "100|101|app-worker|1|0.002|1|0.012|0.014",
                "100|100|app|1|0.007|0|0.000|0.007"), rows("irqsteal", Filter.ALL.pids(List.of(100)), "per_thread", true, "limit", 10L));
        assertEquals(List.of("14|null|ksoftirqd/1|0|0.000|1|0.040|0.040", "100|null|app-main|1|0.007|0|0.000|0.007"),
                rows("irqsteal", Filter.ALL, "per_thread", false, "limit", 2L, "cpu", 1), "cpu 1's, the top 2");
    }
}
