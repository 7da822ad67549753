package dev.jrec.analysis;

import static dev.jrec.analysis.KnownCapture.MS;
import static dev.jrec.analysis.KnownCapture.START;
import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.render.Format;
import dev.jrec.analysis.render.TimelineOutput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timeline on a 40 ms schedule worked out by hand. CPU 0: app (pid 100) runs 0-15 ms and blocks (S), db
 * (pid 200, thread 200) waited 13-15 ms and runs 15-30 ms until preempted, app (woken at 25 ms) waited 25-30 ms and
 * runs 30-40 ms. CPU 1: db's thread 201 (db-io) runs 5-8 ms and blocks to the end. The scheduler lost events in
 * 20-30 ms.
 */
class TimelineTest {
    @TempDir static Path dir;
    static CaptureDb db;
    static Reports reports;

    @BeforeAll
    static void open() throws Exception {
        KnownCapture c = new KnownCapture().sources("sched");
        c.sw(8 * MS, 1, 200, 201, "db-io", 1, 0, 0, "swapper/1", 3 * MS, null);
        c.sw(15 * MS, 0, 100, 100, "app", 1, 200, 200, "db", 15 * MS, 2 * MS);
        c.sw(30 * MS, 0, 200, 200, "db", 0, 100, 100, "app", 15 * MS, 5 * MS);
        c.sw(40 * MS, 0, 100, 100, "app", 1, 0, 0, "swapper/0", 10 * MS, null);
        c.loss(30 * MS, "sched", "ringbuf_full", 7, 10 * MS);
        db = CaptureDb.open(c.write(dir.resolve("timeline.parquet"), 40 * MS));
        reports = new Reports(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    private static List<String> rows(Table t) {
        List<String> out = new ArrayList<>();
        for (List<Object> r : t.rows()) {
            StringBuilder sb = new StringBuilder();
            for (Object v : r) sb.append(sb.isEmpty() ? "" : " ").append(v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void cpusBusyAndTopTaskPerBucket() throws Exception {
        Timeline t = reports.timeline(Filter.ALL, 10 * MS, 5);
        assertEquals(4, t.buckets());
        assertEquals(List.of("time_s", "cpu", "busy_pct", "top_comm", "top_pid", "top_pct", "loss"),
                t.cpus().columns().stream().map(Table.Column::name).toList());
        assertEquals(List.of(
                "0.000 0 100.0 app 100 100.0 false",
                "0.000 1 30.0 db-io 200 30.0 false",
                "0.010 0 100.0 app 100 50.0 false", // app 10-15 and db 15-20 tie: the lower pid
                "0.010 1 0.0 null null null false",
                "0.020 0 100.0 db 200 100.0 true",
                "0.020 1 0.0 null null null true",
                "0.030 0 100.0 app 100 100.0 false",
                "0.030 1 0.0 null null null false"), rows(t.cpus()));
    }

    @Test
    void processesRunRunnableBlockedPerBucket() throws Exception {
        Timeline t = reports.timeline(Filter.ALL, 10 * MS, 5);
        assertEquals(List.of(
                "0.000 100 app 10.000 0.000 0.000 false",
                "0.000 200 db 3.000 0.000 2.000 false", // db-io blocked from 8 ms to the end
                "0.010 100 app 5.000 0.000 5.000 false", // app blocked 15-25 ms
                "0.010 200 db 5.000 2.000 10.000 false",
                "0.020 100 app 0.000 5.000 5.000 true",
                "0.020 200 db 10.000 0.000 10.000 true",
                "0.030 100 app 10.000 0.000 0.000 false",
                "0.030 200 db 0.000 0.000 10.000 false"), rows(t.processes()));
        Timeline one = reports.timeline(Filter.ALL, 10 * MS, 1);
        assertEquals(4, one.processes().rows().size(), "only app, which ran the most");
    }

    @Test
    void textPivotsOneLinePerBucket() throws Exception {
        StringWriter s = new StringWriter();
        TimelineOutput.write(reports.timeline(Filter.ALL, 10 * MS, 5), Format.TEXT, new PrintWriter(s));
        assertEquals("""
                CPUs: busy % and the task that ran the most, per 10ms (! the scheduler lost events in the bucket)
                TIME(s)  CPU0      CPU1
                 0.000   100% app   30% db-io
                 0.010   100% app    0%
                 0.020!  100% db     0%
                 0.030   100% app    0%

                Processes: ms running/runnable/blocked per 10ms, summed over their threads (the 2 that ran the most)
                TIME(s)  app (100)  db (200)
                 0.000   10/0/0     3.0/0/2.0
                 0.010   5.0/0/5.0  5.0/2.0/10
                 0.020!  0/5.0/5.0  10/0/10
                 0.030   10/0/0     0/0/10
                """, s.toString());
    }

    @Test
    void csvAndJsonHoldBothTables() throws Exception {
        Timeline t = reports.timeline(Filter.ALL, 10 * MS, 5);
        StringWriter csv = new StringWriter();
        TimelineOutput.write(t, Format.CSV, new PrintWriter(csv));
        assertTrue(csv.toString().startsWith("# cpus\ntime_s,cpu,busy_pct,top_comm,top_pid,top_pct,loss\n0.000,0,100.0,app,100,100.0,false\n"), csv.toString());
        assertTrue(csv.toString().contains("\n\n# processes\ntime_s,pid,comm,run_ms,runnable_ms,blocked_ms,loss\n0.000,100,app,10.000,0.000,0.000,false\n"), csv.toString());
        StringWriter json = new StringWriter();
        TimelineOutput.write(t, Format.JSON, new PrintWriter(json));
        assertTrue(json.toString().startsWith("{\"view\":\"timeline\",\"bucket_ns\":10000000,\"buckets\":4,\n\"cpus\":[\n"
                + "{\"time_s\":0.000,\"cpu\":0,\"busy_pct\":100.0,\"top_comm\":\"app\",\"top_pid\":100,\"top_pct\":100.0,\"loss\":false},"), json.toString());
        assertEquals(8, ((List<?>) MiniJson.object(json.toString()).get("processes")).size());
    }

    @Test
    void windowPidsAndBuckets() throws Exception {
        Timeline w = reports.timeline(Filter.ALL.window(START + 12 * MS, START + 22 * MS), 5 * MS, 5);
        assertEquals(2, w.buckets());
        assertEquals(List.of(
                "0.012 0 100.0 app 100 60.0 false", // app 12-15, db 15-17
                "0.012 1 0.0 null null null false",
                "0.017 0 100.0 db 200 100.0 true",
                "0.017 1 0.0 null null null true"), rows(w.cpus()));
        Timeline p = reports.timeline(Filter.ALL.pids(List.of(200)), 10 * MS, 5);
        assertEquals("0.000 0 0.0 null null null false", rows(p.cpus()).getFirst(), "app is not counted with -p 200");
        assertEquals(List.of("0.000 200 db 3.000 0.000 2.000 false"), rows(p.processes()).subList(0, 1));
        assertEquals(2 * MS, Timeline.niceBucket(40 * MS, 30), "1, 2 or 5 times a power of ten");
        assertEquals(5 * MS, Timeline.niceBucket(100 * MS, 30));
        assertEquals(2 * MS, reports.timeline(Filter.ALL, 0, 5).bucketNs(), "about 30 buckets by default");
        var e = assertThrows(IllegalArgumentException.class, () -> reports.timeline(Filter.ALL, 1, 5));
        assertTrue(e.getMessage().contains("more than 10000"), e.getMessage());
    }

    @Test
    void needsTheScheduler() throws Exception {
        try (CaptureDb procOnly = CaptureDb.open(KnownCapture.standard().sources("proc").write(dir.resolve("proc.parquet"), 3000 * MS))) {
            var e = assertThrows(MissingSourceException.class, () -> new Reports(procOnly).timeline(Filter.ALL, 0, 5));
            assertEquals("timeline needs sched events: record with --events sched", e.getMessage());
        }
    }
}
