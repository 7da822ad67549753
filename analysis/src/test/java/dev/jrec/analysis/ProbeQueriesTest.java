package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static dev.jrec.analysis.KnownCapture.US;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jrec.analysis.Log2Histogram.Unit;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the workbench reads of user probes: funclatency and the events of its buckets, the functions it can time,
 * and the calls along a thread's lane. Thread 701 of svc (pid 700) returns from SSL_write(_, _, len) after 3 µs, 5 µs,
 * 700 µs and 2 ms, calls malloc(64) three times (sampled 1 in 10), and fires the USDT probe svc:tick once.
 */
class ProbeQueriesTest {
    private static final String SSL = "uretprobe:/usr/lib/libssl.so.3:SSL_write";
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    private static void call(KnownCapture c, EventKind kind, long at, String probe, String func, long[] args, Long durNs, Long ret, long weight) {
        List<Object> v = new ArrayList<>(List.of(Column.CPU, 0, Column.PID, 700, Column.TID, 701, Column.COMM, "svc", Column.PROBE, probe,
                Column.FUNC, func, Column.MODULE, "/usr/lib/libssl.so.3", Column.ARGS, args, Column.WEIGHT, weight));
        if (durNs != null) v.addAll(List.of(Column.DUR_NS, durNs, Column.RET, ret));
        c.row(kind, at, v.toArray());
    }

    @BeforeAll
    static void open() throws Exception {
        KnownCapture c = new KnownCapture().sources("uprobe");
        long[] durs = {3 * US, 5 * US, 700 * US, 2 * MS};
        for (int i = 0; i < durs.length; i++) {
            call(c, EventKind.URETPROBE, (10 + 10 * i) * MS, SSL, "SSL_write", new long[] {100 * (i + 1)}, durs[i], 100L * (i + 1), 1);
        }
        for (int i = 0; i < 3; i++) call(c, EventKind.UPROBE, 15 * MS + i * US, "uprobe:/usr/lib/libc.so.6:malloc", "malloc", new long[] {64}, null, null, 10);
        call(c, EventKind.USDT, 60 * MS, "usdt:/usr/bin/svc:svc:tick", "tick", new long[] {7}, null, null, 1);
        db = CaptureDb.open(c.write(dir.resolve("probes.parquet"), 100 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @Test
    void funclatencyByNameOrProbeGlobAndTheEventsOfEachBucket() throws Exception {
        Log2Histogram h = reports.funclatency(Filter.ALL, "SSL_write", Grouping.NONE, Unit.USECS);
        Log2Histogram.Group g = h.groups().getFirst();
        // 3 µs in 2-3 (bucket 1), 5 in 4-7 (2), 700 in 512-1023 (9), 2000 in 1024-2047 (10)
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(g.count(1), g.count(2), g.count(9), g.count(10)));
        assertEquals(4, g.total());
        assertEquals(4, reports.funclatency(Filter.ALL, "*libssl*:SSL_write", Grouping.NONE, Unit.USECS).groups().getFirst().total());
        for (int b = 0; b < g.counts().length + 2; b++) assertEquals(g.count(b), events(b).rows().size(), "bucket " + b);
        Table slowest = events(10);
        assertEquals("SSL_write(400) = 400", slowest.get(0, "detail"));
        assertEquals(START + 40 * MS - 2 * MS, slowest.get(0, "start_ns"));
    }

    private static Table events(int bucket) throws Exception {
        Map<String, Object> p = Filter.ALL.params();
        p.put("analysis", "funclatency");
        p.put("syscall", null);
        p.put("func", "SSL_write");
        p.put("group_by", "");
        p.put("group_key", null);
        p.put("unit_ns", 1000L);
        p.put("bucket", bucket);
        p.put("start_ns", START);
        p.put("limit", 100L);
        return Query.named("latency_events").table(db.connection(), p);
    }

    @Test
    void onlyFunctionsTimedToTheirReturnCanBeTimed() throws Exception {
        assertEquals(List.of("SSL_write"), reports.timedFunctions(Filter.ALL));
    }

    @Test
    void aLaneHasItsLongCallsAsTheyAreAndTheRestPerBucket() throws Exception {
        Map<String, Object> p = Filter.ALL.window(START, START + 100 * MS).params();
        p.put("tids", List.of(701));
        p.put("bucket_ns", MS);
        Table t = Query.named("timeline_thread_calls").table(db.connection(), p);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < t.rows().size(); i++) {
            rows.add(((Long) t.get(i, "start_ns") - START) / US + "us +" + (Long) t.get(i, "dur_ns") / US + " busy " + (Long) t.get(i, "busy_ns") / US
                    + " x" + t.get(i, "calls") + " " + t.get(i, "top"));
        }
        assertEquals(List.of(
                "9000us +1000 busy 3 x1 SSL_write(100) = 100",     // 3 µs from 9,997 µs: in its bucket
                "15000us +1000 busy 0 x30 malloc",                 // three instants sampled 1 in 10
                "19000us +1000 busy 5 x1 SSL_write(200) = 200",
                "29000us +1000 busy 700 x1 SSL_write(300) = 300",
                "38000us +2000 busy 2000 x1 SSL_write(400) = 400", // a bucket long or more: as it is
                "60000us +1000 busy 0 x1 tick(7)"), rows);
    }
}
