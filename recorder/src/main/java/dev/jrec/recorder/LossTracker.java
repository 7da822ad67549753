package dev.jrec.recorder;

import dev.jrec.bpf.events.Drop;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;
import dev.jrec.formats.write.EventBatch;

/**
 * Turns a source's cumulative kernel drop counters into {@code loss} rows: one per reason for each
 * interval in which the counter moved, so a reader sees when events were lost, not just how many.
 */
final class LossTracker {
    /** enum jrec_drop in jrec_events.h: JREC_DROP_SLOTS. */
    private static final int SLOTS = 4;
    private static final String[] REASONS = new String[SLOTS];
    static {
        REASONS[Drop.RINGBUF] = "ringbuf_full";
        REASONS[Drop.MAP_FULL] = "map_full";
        REASONS[Drop.READ] = "read_failed";
        REASONS[dev.jrec.bpf.perf.StackEvents.DROP_STACK] = "stack_missing";
        for (int i = 0; i < REASONS.length; i++) if (REASONS[i] == null) REASONS[i] = "reason_" + i;
    }

    private final Source source;
    private final long[] last = new long[SLOTS];
    private long lastTs;
    private long total;

    LossTracker(Source source, long startTs) {
        this.source = source;
        this.lastTs = startTs;
    }

    /** Writes a loss row per reason whose counter grew since the last call. */
    void update(long[] counters, EventDecoder out, long ts) {
        for (int i = 0; i < Math.min(counters.length, last.length); i++) {
            long delta = counters[i] - last[i];
            if (delta <= 0) continue;
            last[i] = counters[i];
            total += delta;
            int r = out.row(EventKind.LOSS, ts);
            EventBatch b = out.batch();
            b.setString(Column.SOURCE, r, source.id());
            b.setString(Column.REASON, r, REASONS[i]);
            b.setLong(Column.LOST, r, delta);
            b.setLong(Column.DUR_NS, r, Math.max(0, ts - lastTs));
        }
        lastTs = ts;
    }

    long total() {
        return total;
    }

    Source source() {
        return source;
    }
}
