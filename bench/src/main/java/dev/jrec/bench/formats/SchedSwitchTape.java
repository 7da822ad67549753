package dev.jrec.bench.formats;

import dev.jrec.bench.formats.SyntheticHost.Task;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.write.CaptureWriter;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pre-generated sched_switch events in arrival order, held as primitive columns (what the recorder has after
 * decoding a ring-buffer record), so that a benchmark measures filling an {@link EventBatch} and writing it,
 * not the random generator. Replayed in a loop with timestamps shifted forward, so a capture of any length
 * stays monotonic.
 */
final class SchedSwitchTape {
    final int length;
    private final long[] ts;
    private final int[] cpu;
    private final int[] prev;
    private final int[] next;
    private final long[] prevState;
    private final long[] onCpu;
    private final long[] wait;
    // Task table, by Task.index.
    private final int[] pid;
    private final int[] tid;
    private final String[] comm;
    private final int[] prio;
    private final long span;

    private int pos;
    private long shift;

    SchedSwitchTape(long seed, int length) {
        this.length = length;
        SyntheticHost h = new SyntheticHost(seed);
        SchedSwitchModel m = new SchedSwitchModel(h, 1_000_000_000L);
        ts = new long[length];
        cpu = new int[length];
        prev = new int[length];
        next = new int[length];
        prevState = new long[length];
        onCpu = new long[length];
        wait = new long[length];
        for (int i = 0; i < length; i++) {
            m.advance();
            ts[i] = m.ts;
            cpu[i] = m.cpu;
            prev[i] = m.prev.index();
            next[i] = m.next.index();
            prevState[i] = m.prevState;
            onCpu[i] = m.onCpuNs;
            wait[i] = m.waitNs;
        }
        Task[] tasks = h.tasks;
        pid = new int[tasks.length];
        tid = new int[tasks.length];
        comm = new String[tasks.length];
        prio = new int[tasks.length];
        for (Task t : tasks) {
            pid[t.index()] = t.pid();
            tid[t.index()] = t.tid();
            comm[t.index()] = t.comm();
            prio[t.index()] = t.prio();
        }
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (long t : ts) {
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        span = max - min + 25_000;
    }

    /** Mean ns between consecutive events, host-wide. */
    double meanGapNs() {
        return (double) span / length;
    }

    void rewind() {
        pos = 0;
        shift = 0;
    }

    /** Appends the next {@code n} events of the tape to {@code b}. */
    void fill(EventBatch b, int n) {
        for (int i = 0; i < n; i++) {
            if (pos == length) {
                pos = 0;
                shift += span;
            }
            int p = pos++;
            int r = b.add(EventKind.SCHED_SWITCH, ts[p] + shift);
            int pv = prev[p], nx = next[p];
            b.setInt(Column.CPU, r, cpu[p]);
            b.setInt(Column.PID, r, pid[pv]);
            b.setInt(Column.TID, r, tid[pv]);
            b.setString(Column.COMM, r, comm[pv]);
            b.setInt(Column.PRIO, r, prio[pv]);
            b.setLong(Column.DUR_NS, r, onCpu[p]);
            if (wait[p] > 0) b.setLong(Column.WAIT_NS, r, wait[p]); // as the recorder: 0 (unknown) is null
            b.setLong(Column.PREV_STATE, r, prevState[p]);
            b.setInt(Column.NEXT_PID, r, pid[nx]);
            b.setInt(Column.NEXT_TID, r, tid[nx]);
            b.setString(Column.NEXT_COMM, r, comm[nx]);
            b.setInt(Column.NEXT_PRIO, r, prio[nx]);
        }
    }

    /** Size of a capture written by {@link #writeCapture}, and the writer thread's time in its two phases. */
    record Written(long bytes, long writeNs, long closeNs) {}

    /**
     * What the writer thread does for a whole recording: fills batches of {@code batch.capacity()} events,
     * writes them, and closes the capture (final merge of the segments).
     */
    Written writeCapture(Path out, long events, EventBatch batch, CaptureWriter.Options options) throws IOException {
        long t0 = System.nanoTime();
        CaptureWriter w = CaptureWriter.create(out, metadata(), options);
        long left = events;
        while (left > 0) {
            int n = (int) Math.min(batch.capacity(), left);
            batch.clear();
            fill(batch, n);
            w.write(batch);
            left -= n;
        }
        batch.clear();
        long t1 = System.nanoTime();
        w.close(Map.of());
        long t2 = System.nanoTime();
        return new Written(Files.size(out), t1 - t0, t2 - t1);
    }

    static Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(MetadataKeys.JREC_VERSION, "bench");
        m.put(MetadataKeys.HOST, "bench-host");
        m.put(MetadataKeys.KERNEL_RELEASE, "6.8.0-bench");
        m.put(MetadataKeys.CPU_COUNT, Integer.toString(SyntheticHost.CPUS));
        m.put(MetadataKeys.START_TS, "1000000000");
        m.put(MetadataKeys.SOURCES, "sched");
        m.put(MetadataKeys.COMMAND_LINE, "jrec record --events sched");
        return m;
    }
}
