package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.ColumnType;
import dev.jrec.formats.schema.EventKind;

/**
 * A reusable batch of capture rows, stored column-wise so that filling it allocates nothing: the
 * recorder's consumer thread fills one batch while the writer thread encodes another.
 *
 * <pre>{@code
 * int r = batch.add(EventKind.SCHED_SWITCH, ts);
 * batch.setInt(Column.CPU, r, cpu);
 * batch.setString(Column.COMM, r, comm);   // interned strings: the encoder caches their bytes
 * }</pre>
 */
public final class EventBatch {
    private static final int COLUMNS = Column.count();
    /** Longs of presence bits per row. */
    static final int WORDS = (COLUMNS + Long.SIZE - 1) / Long.SIZE;

    private final int capacity;
    private final long[] ts;
    private final EventKind[] kind;
    /** Bit c % 64 set in present[r * WORDS + c / 64] means row r has a value in column c. */
    private final long[] present;
    private final int[][] ints = new int[COLUMNS][];
    private final long[][] longs = new long[COLUMNS][];
    private final Object[][] objects = new Object[COLUMNS][];
    /** Object columns set since the last clear: only those hold references to drop. */
    private final boolean[] objectsUsed = new boolean[COLUMNS];
    /** Counts clears, so that a reader holding row indexes can tell they went stale. */
    private int generation;
    private int size;

    public EventBatch(int capacity) {
        this.capacity = capacity;
        this.ts = new long[capacity];
        this.kind = new EventKind[capacity];
        this.present = new long[capacity * WORDS];
        for (Column c : Column.values()) {
            if (c == Column.TS || c == Column.KIND) continue;
            switch (c.type()) {
                case INT32 -> ints[c.ordinal()] = new int[capacity];
                case INT64 -> longs[c.ordinal()] = new long[capacity];
                case STRING, STRING_LIST, INT64_LIST -> objects[c.ordinal()] = new Object[capacity];
            }
        }
    }

    public int capacity() {
        return capacity;
    }

    public int size() {
        return size;
    }

    public boolean isFull() {
        return size == capacity;
    }

    public void clear() {
        for (int c = 0; c < COLUMNS; c++) {
            if (objectsUsed[c]) java.util.Arrays.fill(objects[c], 0, size, null);
            objectsUsed[c] = false;
        }
        size = 0;
        generation++;
    }

    /** Appends a row and returns its index; the caller then sets the kind's columns. */
    public int add(EventKind k, long timestampNs) {
        if (size == capacity) throw new IllegalStateException("batch full (" + capacity + " rows)");
        int r = size++;
        ts[r] = timestampNs;
        kind[r] = k;
        java.util.Arrays.fill(present, r * WORDS, r * WORDS + WORDS, 0L);
        present[r * WORDS] = (1L << Column.TS.ordinal()) | (1L << Column.KIND.ordinal());
        return r;
    }

    public void setInt(Column c, int row, int v) {
        check(c, ColumnType.INT32);
        ints[c.ordinal()][row] = v;
        mark(c.ordinal(), row);
    }

    public void setLong(Column c, int row, long v) {
        check(c, ColumnType.INT64);
        longs[c.ordinal()][row] = v;
        mark(c.ordinal(), row);
    }

    /** A null value leaves the column null. */
    public void setString(Column c, int row, String v) {
        check(c, ColumnType.STRING);
        setObject(c, row, v);
    }

    public void setStrings(Column c, int row, String[] v) {
        check(c, ColumnType.STRING_LIST);
        setObject(c, row, v);
    }

    public void setLongs(Column c, int row, long[] v) {
        check(c, ColumnType.INT64_LIST);
        setObject(c, row, v);
    }

    private void setObject(Column c, int row, Object v) {
        objects[c.ordinal()][row] = v;
        objectsUsed[c.ordinal()] = true;
        if (v == null) present[row * WORDS + (c.ordinal() >>> 6)] &= ~(1L << c.ordinal());
        else mark(c.ordinal(), row);
    }

    private void mark(int c, int row) {
        present[row * WORDS + (c >>> 6)] |= 1L << c;
    }

    private static void check(Column c, ColumnType t) {
        if (c.type() != t || c.required()) throw new IllegalArgumentException(c.id() + " is not a settable " + t + " column");
    }

    public long ts(int row) {
        return ts[row];
    }

    public EventKind kind(int row) {
        return kind[row];
    }

    /** Presence bits of columns 64 * word to 64 * word + 63 in this row. */
    public long presence(int row, int word) {
        return present[row * WORDS + word];
    }

    public boolean has(Column c, int row) {
        return (present[row * WORDS + (c.ordinal() >>> 6)] & (1L << c.ordinal())) != 0;
    }

    public int getInt(Column c, int row) {
        return ints[c.ordinal()][row];
    }

    public long getLong(Column c, int row) {
        return longs[c.ordinal()][row];
    }

    public Object getObject(Column c, int row) {
        return objects[c.ordinal()][row];
    }

    /** Copies row {@code r} of {@code from} into this batch; used when merging and sorting. */
    public int copyRow(EventBatch from, int r) {
        int to = add(from.kind[r], from.ts[r]);
        for (int w = 0; w < WORDS; w++) {
            long mask = from.present[r * WORDS + w];
            present[to * WORDS + w] = mask;
            if (w == 0) mask &= ~((1L << Column.TS.ordinal()) | (1L << Column.KIND.ordinal()));
            while (mask != 0) {
                int c = w * Long.SIZE + Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (ints[c] != null) ints[c][to] = from.ints[c][r];
                else if (longs[c] != null) longs[c][to] = from.longs[c][r];
                else {
                    objects[c][to] = from.objects[c][r];
                    objectsUsed[c] = true;
                }
            }
        }
        return to;
    }

    int generation() {
        return generation;
    }

    // By column ordinal, for the segment writer's loops.
    int intAt(int c, int row) {
        return ints[c][row];
    }

    long longAt(int c, int row) {
        return longs[c][row];
    }

    Object objectAt(int c, int row) {
        return objects[c][row];
    }
}
