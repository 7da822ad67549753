package dev.jrec.recorder;

import dev.jrec.bpf.events.Drop;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.EventBatch;
import dev.jrec.formats.write.Totals;
import java.util.ArrayDeque;

/**
 * Turns a source's cumulative kernel drop counters into {@code loss} rows: one per reason for each
 * interval between two reads in which the counter moved, so a reader sees when events were lost, not
 * just how many. The intervals follow each other without a hole, so every gap in a source's events
 * lies within rows of that source's loss (docs/format.md, "Loss accounting").
 */
final class LossTracker {
    private static final int SLOTS = Drop.SLOTS;
    private static final String[] REASONS = new String[SLOTS];
    static {
        REASONS[Drop.RINGBUF] = "ringbuf_full";
        REASONS[Drop.MAP_FULL] = "map_full";
        REASONS[Drop.READ] = "read_failed";
        REASONS[Drop.STACK] = Totals.STACK_MISSING;
        REASONS[Drop.UNTIMED] = Totals.UNTIMED;
        for (int i = 0; i < REASONS.length; i++) if (REASONS[i] == null) REASONS[i] = "reason_" + i;
    }

    private final Source source;
    private final long[] last = new long[SLOTS];
    private long lastTs;
    private long total;
    /** Rows counted but not written yet: their interval ends after events still in the ring. */
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();

    private record Pending(String reason, long lost, long ts, long durNs) {}

    LossTracker(Source source, long startTs) {
        this.source = source;
        this.lastTs = startTs;
    }

    /**
     * For a recovery, which replays the spool from some point on: the first read only says where the
     * counters stood (what they counted before is in the capture's loss rows, or was lost with the recorder).
     */
    static LossTracker fromFirstRead(Source source) {
        LossTracker t = new LossTracker(source, Long.MIN_VALUE);
        t.baseline = true;
        return t;
    }

    private boolean baseline;

    /**
     * Counts what each reason's counter grew by since the last read as lost in the interval that ends at
     * {@code ts}, the time of this read: the counters say how many, only the reads say when.
     */
    void read(long[] counters, long ts) {
        if (baseline) {
            baseline = false;
            System.arraycopy(counters, 0, last, 0, Math.min(counters.length, last.length));
            lastTs = ts;
            return;
        }
        for (int i = 0; i < Math.min(counters.length, last.length); i++) {
            long delta = counters[i] - last[i];
            if (delta <= 0) continue;
            last[i] = counters[i];
            total += delta;
            pending.add(new Pending(REASONS[i], delta, ts, Math.max(0, ts - lastTs)));
        }
        lastTs = ts;
    }

    /**
     * Writes the loss rows that end at or before {@code upTo}: the source's events up to there are drained,
     * so the rows go into the file in ts order with them.
     */
    void write(EventRows out, long upTo) {
        for (Pending p; (p = pending.peek()) != null && p.ts <= upTo; pending.poll()) {
            int r = out.row(EventKind.LOSS, p.ts);
            EventBatch b = out.batch();
            b.setString(Column.SOURCE, r, source.id());
            b.setString(Column.REASON, r, p.reason);
            b.setLong(Column.LOST, r, p.lost);
            b.setLong(Column.DUR_NS, r, p.durNs);
        }
    }

    long total() {
        return total;
    }

    Source source() {
        return source;
    }
}
