package dev.jrec.formats.read;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import java.util.List;

/**
 * One row of a capture: an event, or a thread/stack/frame/loss row. Typed getters take a {@link Column};
 * a column the row does not have reads as null, or throws for the primitive getters.
 */
public final class CapturedEvent {
    private final String kindId;
    private final EventKind kind;
    private final long ts;
    private final Object[] values;

    CapturedEvent(String kindId, long ts, Object[] values) {
        this.kindId = kindId;
        this.kind = EventKind.byId(kindId);
        this.ts = ts;
        this.values = values;
    }

    /** Null when a newer format minor version wrote a kind this reader does not know: see {@link #kindId}. */
    public EventKind kind() {
        return kind;
    }

    public String kindId() {
        return kindId;
    }

    /** ns on the capture's monotonic clock; add {@link CaptureMetadata#realtimeOffsetNs()} for wall time. */
    public long ts() {
        return ts;
    }

    public boolean has(Column c) {
        return c == Column.TS || c == Column.KIND || values[c.ordinal()] != null;
    }

    public int getInt(Column c) {
        return (Integer) require(c);
    }

    public long getLong(Column c) {
        return (Long) require(c);
    }

    public String getString(Column c) {
        return c == Column.KIND ? kindId : (String) values[c.ordinal()];
    }

    @SuppressWarnings("unchecked")
    public List<String> getStrings(Column c) {
        return (List<String>) values[c.ordinal()];
    }

    /** Null when absent. */
    public long[] getLongs(Column c) {
        return (long[]) values[c.ordinal()];
    }

    /** The value as the file holds it: Integer, Long, String, List, long[] or null. */
    public Object getValue(Column c) {
        return switch (c) {
            case TS -> ts;
            case KIND -> kindId;
            default -> values[c.ordinal()];
        };
    }

    public int pid() {
        return getInt(Column.PID);
    }

    public int tid() {
        return getInt(Column.TID);
    }

    public String comm() {
        return getString(Column.COMM);
    }

    public int cpu() {
        return getInt(Column.CPU);
    }

    private Object require(Column c) {
        Object v = getValue(c);
        if (v == null) throw new IllegalStateException(kindId + " row at ts " + ts + " has no " + c.id());
        return v;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(kindId).append('{').append("ts=").append(ts);
        for (Column c : Column.values()) {
            Object v = values[c.ordinal()];
            if (v == null || c == Column.TS || c == Column.KIND) continue;
            sb.append(", ").append(c.id()).append('=').append(v instanceof long[] a ? java.util.Arrays.toString(a) : v);
        }
        return sb.append('}').toString();
    }
}
