package dev.jrec.bench.formats;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Bytes per event on disk for each event kind, written by {@code CaptureWriter} into a single-kind capture
 * of realistic rows ({@link KindSources}), plus a mixed capture of all kinds at their rates, and what the
 * union schema costs in each: the bytes of the columns that hold no value (chunks, page indexes, share of
 * the footer).
 *
 * <p>Two layouts: <b>dense</b> ({@code rows} rows, segments cut only at the 4M-row limit, so one segment and
 * ~8 MiB row groups: the encoding's efficiency) and <b>real-time</b> (the first 60 s of a recording at the
 * kind's rate, segments cut every second of event time as a live recorder cuts them by wall time; the
 * join coalesces runs of small segments, so what a low-rate kind costs depends on that).
 *
 * <pre>java -cp ... dev.jrec.bench.formats.KindSizes [rows=1000000] [mixedRows=2000000] [dir]</pre>
 * Prints markdown tables.
 */
public final class KindSizes {
    private KindSizes() {}

    static final long START = 1_000_000_000_000L;
    static final long REALTIME_SECONDS = 60;

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long mixedRows = args.length > 1 ? Long.parseLong(args[1]) : 2_000_000;
        Path dir = Files.createTempDirectory(Path.of(args.length > 2 ? args[2] : System.getProperty("java.io.tmpdir")), "jrec-kind-sizes");
        SyntheticHost probe = new SyntheticHost(1);
        System.out.printf("Synthetic host: %d CPUs, %d threads, %d distinct comms; rows per single-kind capture: %,d; mixed: %,d%n%n",
                SyntheticHost.CPUS, probe.threadCount(), probe.distinctComms(), rows, mixedRows);

        Map<String, CaptureAnatomy> dense = new LinkedHashMap<>();
        Map<String, CaptureAnatomy> realtime = new LinkedHashMap<>();
        for (EventKind k : KindSources.KINDS) {
            dense.put(k.id(), write(dir, k, rows, false));
            long rtRows = Math.min(rows, (long) (KindSources.RATES.get(k) * REALTIME_SECONDS));
            realtime.put(k.id(), write(dir, k, rtRows, true));
            System.err.println("measured " + k.id());
        }
        dense.put("mixed", write(dir, null, mixedRows, false));
        realtime.put("mixed", write(dir, null, mixedRows, true));
        Files.delete(dir);

        System.out.println("### Dense captures (one segment; ~8 MiB row groups)\n");
        System.out.println("| kind | rows | row groups | **bytes/event** | used columns | used columns' chunks | page indexes (used) | all-null columns: chunks + indexes + footer share | of which footer | union overhead |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (var e : dense.entrySet()) {
            CaptureAnatomy a = e.getValue();
            System.out.printf("| %s | %,d | %d | **%.2f** | %d | %.2f | %.3f | %.3f | %.3f | %.1f %% |%n", e.getKey(), a.rows, a.rowGroups,
                    per(a.fileBytes, a), a.usedColumns(), per(a.usedChunkBytes(), a), per(a.usedIndexBytes(), a),
                    per(a.unionOverheadBytes(), a), per(a.footerBytes, a), 100.0 * a.unionOverheadBytes() / a.fileBytes);
        }
        System.out.println("\nbytes/event columns are bytes per row; \"union overhead\" = all-null columns' bytes / file bytes.\n");

        System.out.printf("### Real-time captures (first %d s at the kind's rate, 1 s segments)%n%n", REALTIME_SECONDS);
        System.out.println("| kind | rate (events/s) | rows | segments | row groups | **bytes/event** | footer bytes/event | union overhead | bytes per row group beyond used columns' data |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|--:|--:|");
        for (var e : realtime.entrySet()) {
            CaptureAnatomy a = e.getValue();
            String rate = e.getKey().equals("mixed") ? String.format("%,.0f", KindSources.RATES.values().stream().mapToDouble(d -> d).sum())
                    : String.format("%,.0f", KindSources.RATES.get(EventKind.byId(e.getKey())));
            System.out.printf("| %s | %s | %,d | %d | %d | **%.2f** | %.2f | %.1f %% | %,d |%n", e.getKey(), rate, a.rows, a.segments, a.rowGroups,
                    per(a.fileBytes, a), per(a.footerBytes, a), 100.0 * a.unionOverheadBytes() / a.fileBytes,
                    (a.fileBytes - a.usedChunkBytes()) / a.rowGroups);
        }

        System.out.println("\n### Bytes/event per column (dense captures; chunks + page indexes)\n");
        List<String> shown = List.of("sched_switch", "syscall", "block_rq_complete", "offcpu", "mixed");
        System.out.println("| column | " + String.join(" | ", shown) + " |");
        System.out.println("|---|" + "--:|".repeat(shown.size()));
        for (Column c : Column.values()) {
            StringBuilder line = new StringBuilder("| " + c.id() + " |");
            boolean any = false;
            for (String s : shown) {
                CaptureAnatomy a = dense.get(s);
                int i = c.ordinal();
                if (a.used[i]) any = true;
                line.append(a.used[i] ? String.format(" %.3f |", per(a.chunkBytes[i] + a.indexBytes[i], a))
                        : String.format(" (null) %.4f |", per(a.chunkBytes[i] + a.indexBytes[i], a)));
            }
            if (any) System.out.println(line);
        }
        System.out.println("\nColumns null in all of these are left out; \"(null)\" is the cost of a column with no value.");
    }

    private static double per(long bytes, CaptureAnatomy a) {
        return (double) bytes / a.rows;
    }

    /** Writes a capture of one kind ({@code kind}) or of all kinds mixed ({@code null}) and returns its anatomy. */
    static CaptureAnatomy write(Path dir, EventKind kind, long rows, boolean realtime) throws IOException {
        SyntheticHost h = new SyntheticHost(kind == null ? 99 : 100 + kind.ordinal());
        KindSources.Source single = kind == null ? null : KindSources.of(kind, h, START);
        KindSources.Mixed mixed = kind == null ? new KindSources.Mixed(h, START) : null;
        long[] now = {START};
        LongSupplier clock = realtime ? () -> now[0] : () -> 0L;
        CaptureWriter.Options o = new CaptureWriter.Options(realtime ? 1_000_000_000L : Long.MAX_VALUE, 4_000_000, 1_000_000L,
                WriterThroughputBenchmark.BATCH_ROWS, clock, 0, 0);
        Path out = dir.resolve((kind == null ? "mixed" : kind.id()) + (realtime ? "-rt" : "") + ".parquet");
        EventBatch b = new EventBatch(o.batchCapacity());
        try (CaptureWriter w = CaptureWriter.create(out, SchedSwitchTape.metadata(), o)) {
            long left = rows;
            long drainAt = START;
            while (left > 0) {
                b.clear();
                // A recorder drains its buffers every ~100 ms: in real time, a batch is the events of one drain.
                long first = kind == null ? mixed.arrival() : single.arrival();
                while (drainAt < first) drainAt += 100_000_000L;
                while (left > 0 && !b.isFull()) {
                    long arrival = kind == null ? mixed.arrival() : single.arrival();
                    if (realtime && arrival > drainAt) break;
                    if (kind == null) mixed.emit(b);
                    else single.emit(b);
                    now[0] = Math.max(now[0], arrival);
                    left--;
                }
                w.write(b);
            }
            b.clear();
        }
        CaptureAnatomy a = CaptureAnatomy.of(out);
        if (a.other() != 0) System.err.println(out + ": " + a.other() + " bytes unaccounted for");
        Files.delete(out);
        return a;
    }
}
