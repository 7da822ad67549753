package dev.jrec.bench.formats;

import dev.jrec.formats.read.Capture;
import dev.jrec.formats.read.CapturedEvent;
import dev.jrec.formats.read.EventFilter;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.testing.SampleEvents;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.formats.write.Recovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Exercises every Parquet path of jrec once, for the class-loading check of bench/writer-throughput.sh
 * (run under {@code -Xlog:class+load}, no {@code org.apache.hadoop} class may appear): writes a capture of
 * every kind across several segments and merges it, recovers an interrupted recording, then opens, filters
 * and reads both back.
 */
public final class WriteReadCheck {
    private WriteReadCheck() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("jrec-write-read-check");
        Path clean = dir.resolve("clean.parquet");
        Path crashed = dir.resolve("crashed.parquet");
        long[] now = {0};
        CaptureWriter.Options o = CaptureWriter.Options.defaults().withClock(() -> now[0]);
        int written = 0;
        try (CaptureWriter w = CaptureWriter.create(clean, SchedSwitchTape.metadata(), o)) {
            written += fill(w, 1);
            now[0] += 2_000_000_000L; // the next write closes a segment
            written += fill(w, 2);
        }
        // A recording whose recorder died: one closed segment, one in progress, never merged.
        CaptureWriter dead = CaptureWriter.create(crashed, SchedSwitchTape.metadata(), CaptureWriter.Options.defaults());
        int deadRows = fill(dead, 3);
        dead.flush();
        dead.abandon();
        Recovery.Result rec = Recovery.recover(crashed);

        long read = 0, switches = 0;
        try (Capture c = Capture.open(clean);
             Capture.EventStream s = c.events(EventFilter.kinds(EventKind.SCHED_SWITCH).between(0, Long.MAX_VALUE))) {
            for (CapturedEvent e : s) switches++;
            read = c.metadata().rows();
        }
        long all = Capture.readAllEvents(clean).size() + Capture.readAllEvents(crashed).size();
        if (read != written || all != written + deadRows || rec.rows() != deadRows || switches == 0) {
            throw new AssertionError("rows: wrote " + written + " + " + deadRows + ", footer " + read + ", read " + all
                    + ", recovered " + rec.rows());
        }
        System.out.printf("write+merge, recovery, probe, filtered and full reads: ok (%d + %d rows, %d sched_switch)%n",
                written, deadRows, switches);
        for (Path p : new Path[] {clean, crashed}) Files.delete(p);
        Files.delete(dir);
    }

    private static int fill(CaptureWriter w, long seed) throws Exception {
        EventBatch b = new EventBatch(w.batchCapacity());
        KindSources.Mixed mixed = new KindSources.Mixed(new SyntheticHost(seed), seed * 10_000_000_000L);
        while (b.size() < 20_000) mixed.emit(b);
        Random rnd = new Random(seed);
        long ts = b.ts(b.size() - 1);
        for (EventKind k : EventKind.values()) SampleEvents.add(b, k, ts, rnd);
        w.write(b);
        return b.size();
    }
}
