package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.schema.MetadataKeys;
import dev.jrec.formats.schema.Source;
import java.util.LinkedHashMap;
import java.util.Map;

/** Running per-kind row counts and per-source loss, as written into every footer. */
public final class Totals {
    private final long[] rowsByKind = new long[EventKind.values().length];
    private final long[] dropsBySource = new long[Source.values().length];
    private final long[] stacksMissingBySource = new long[Source.values().length];
    private final long[] untimedBySource = new long[Source.values().length];
    private long lateRows;
    private long bytesOnDisk;

    /** A snapshot: the totals of what is durable at a segment boundary. */
    Totals copy() {
        Totals t = new Totals();
        System.arraycopy(rowsByKind, 0, t.rowsByKind, 0, rowsByKind.length);
        System.arraycopy(dropsBySource, 0, t.dropsBySource, 0, dropsBySource.length);
        System.arraycopy(stacksMissingBySource, 0, t.stacksMissingBySource, 0, stacksMissingBySource.length);
        System.arraycopy(untimedBySource, 0, t.untimedBySource, 0, untimedBySource.length);
        t.lateRows = lateRows;
        t.bytesOnDisk = bytesOnDisk;
        return t;
    }

    void count(EventBatch b, int row) {
        EventKind k = b.kind(row);
        rowsByKind[k.ordinal()]++;
        if (k == EventKind.LOSS && b.has(Column.LOST, row) && b.has(Column.SOURCE, row)) {
            String src = (String) b.getObject(Column.SOURCE, row);
            int s;
            try {
                s = Source.byId(src).ordinal();
            } catch (IllegalArgumentException unknownSource) {
                s = Source.META.ordinal();
            }
            dropsBySource[s] += b.getLong(Column.LOST, row);
            Object reason = b.has(Column.REASON, row) ? b.getObject(Column.REASON, row) : null;
            if (STACK_MISSING.equals(reason)) stacksMissingBySource[s] += b.getLong(Column.LOST, row);
            if (UNTIMED.equals(reason)) untimedBySource[s] += b.getLong(Column.LOST, row);
        }
    }

    void late() {
        lateRows++;
    }

    void addBytes(long n) {
        bytesOnDisk += n;
    }

    public long rows(EventKind k) {
        return rowsByKind[k.ordinal()];
    }

    public long rows() {
        long n = 0;
        for (long r : rowsByKind) n += r;
        return n;
    }

    /** Events a source delivered: rows of its kinds (META rows are not events). */
    public long events(Source s) {
        long n = 0;
        for (EventKind k : EventKind.values()) if (k.source() == s) n += rowsByKind[k.ordinal()];
        return n;
    }

    public long drops(Source s) {
        return dropsBySource[s.ordinal()];
    }

    /** The loss reason of a stack that could not be stored: the event is in the file, without its stack. */
    public static final String STACK_MISSING = "stack_missing";

    /** Of {@link #drops}, the stacks that could not be stored. */
    public long stacksMissing(Source s) {
        return stacksMissingBySource[s.ordinal()];
    }

    /** The loss reason of an event kept without the times per-task state derives (it could not be stored). */
    public static final String UNTIMED = "untimed";

    /** Of {@link #drops}, the events kept without their derived times. */
    public long untimed(Source s) {
        return untimedBySource[s.ordinal()];
    }

    /** Of {@link #drops}, the events not in the file. */
    public long lost(Source s) {
        return Math.max(0, drops(s) - stacksMissing(s) - untimed(s));
    }

    /** Rows that reached the writer after rows with a later ts had been written. */
    public long lateRows() {
        return lateRows;
    }

    /** Bytes of closed segments (or of the final file, once merged). */
    public long bytesOnDisk() {
        return bytesOnDisk;
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Source s : Source.values()) {
            if (s == Source.META) continue;
            m.put(MetadataKeys.EVENTS_PREFIX + s.id(), Long.toString(events(s)));
            m.put(MetadataKeys.DROPS_PREFIX + s.id(), Long.toString(drops(s)));
            if (stacksMissing(s) > 0) m.put(MetadataKeys.STACKS_MISSING_PREFIX + s.id(), Long.toString(stacksMissing(s)));
            if (untimed(s) > 0) m.put(MetadataKeys.UNTIMED_PREFIX + s.id(), Long.toString(untimed(s)));
        }
        for (EventKind k : EventKind.values()) m.put(MetadataKeys.ROWS_PREFIX + k.id(), Long.toString(rows(k)));
        m.put(MetadataKeys.LATE_ROWS, Long.toString(lateRows));
        return m;
    }
}
