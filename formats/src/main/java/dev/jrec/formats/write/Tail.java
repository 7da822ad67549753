package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.Source;

/**
 * The end of a recording that could not be written — past --max-size, or after the disk filled or a write
 * failed: its events are counted per source, and its loss rows kept, so that the capture ends with loss rows
 * ({@code reason} = {@link #reason}) covering the interval from the last row written to the end.
 */
final class Tail {
    /** loss.reason of events not written because the capture reached --max-size. */
    static final String MAX_SIZE = "max_size";
    /** loss.reason of events not written because the disk was full. */
    static final String DISK_FULL = "disk_full";
    /** loss.reason of events not written because a write failed otherwise (an I/O error). */
    static final String WRITE_FAILED = "write_failed";

    final String reason;
    /** ts of the last row the capture holds: the lost interval starts after it. */
    final long fromTs;
    private final long[] lost = new long[Source.values().length];
    private long lastTs = Long.MIN_VALUE;
    /** Loss rows of the sources (ring buffer full, ...) that came after the cut: they are written, not lost. */
    private final EventBatch keptLoss = new EventBatch(4096);

    Tail(String reason, long fromTs) {
        this.reason = reason;
        this.fromTs = fromTs;
    }

    /** Takes row {@code r} instead of the capture: an event is counted, a loss row kept, a table row (thread, stack) dropped. */
    void take(EventBatch b, int r) {
        EventKind k = b.kind(r);
        lastTs = Math.max(lastTs, b.ts(r));
        if (k == EventKind.LOSS) {
            if (!keptLoss.isFull()) keptLoss.copyRow(b, r);
            else if (b.has(Column.LOST, r) && b.has(Column.SOURCE, r)) lostAs(b.getObject(Column.SOURCE, r), b.getLong(Column.LOST, r));
        } else if (k.source() != Source.META) {
            lost[k.source().ordinal()]++;
        }
    }

    /** More loss rows than minutes of drops make: their counts go into this tail's rows rather than be dropped. */
    private void lostAs(Object source, long n) {
        try {
            lost[Source.byId((String) source).ordinal()] += n;
        } catch (IllegalArgumentException unknown) {
            lost[Source.META.ordinal()] += n;
        }
    }

    /** Counts {@code n} events of {@code s} that were in a segment that could not be kept. */
    void count(Source s, long n) {
        lost[s.ordinal()] += n;
    }

    void seen(long ts) {
        lastTs = Math.max(lastTs, ts);
    }

    /**
     * The rows that end the capture: the kept loss rows, then one row per source that lost events here, at
     * {@code endTs} (or the newest ts seen, if later), each covering the interval since {@link #fromTs}.
     */
    EventBatch rows(long endTs) {
        long ts = Math.max(endTs, lastTs);
        EventBatch out = new EventBatch(keptLoss.size() + Source.values().length + 1);
        for (int r = 0; r < keptLoss.size(); r++) out.copyRow(keptLoss, r);
        long from = fromTs == Long.MIN_VALUE ? ts : fromTs;
        for (Source s : Source.values()) {
            long n = lost[s.ordinal()];
            if (n == 0) continue;
            int r = out.add(EventKind.LOSS, ts);
            out.setString(Column.SOURCE, r, s.id());
            out.setString(Column.REASON, r, reason);
            out.setLong(Column.LOST, r, n);
            out.setLong(Column.DUR_NS, r, Math.max(0, ts - from));
        }
        return out;
    }

    long lost() {
        long n = 0;
        for (long l : lost) n += l;
        return n;
    }
}
