package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import java.util.Arrays;

/**
 * One column of the row group being written: which rows have a value (a bit per row), and the values
 * themselves, dense, in row order. Rows without a value cost one bit, so a column a kind does not use costs
 * its rows almost nothing until the group is encoded ({@link ChunkEncoder}).
 */
final class ColumnBuffer {
    final Column column;
    private long[] present = new long[16];
    private int values;
    private int[] ints;
    private long[] longs;
    private Object[] objects;

    ColumnBuffer(Column column) {
        this.column = column;
        switch (column.type()) {
            case INT32 -> ints = new int[256];
            case INT64 -> longs = new long[256];
            case STRING, STRING_LIST, INT64_LIST -> objects = new Object[256];
        }
    }

    /** Values held: the rows that have one. */
    int values() {
        return values;
    }

    boolean has(int row) {
        int w = row >>> 6;
        return w < present.length && (present[w] & 1L << row) != 0;
    }

    /** Bits {@code row..row+63} of presence, row 64-aligned or not. */
    long word(int row) {
        int w = row >>> 6, s = row & 63;
        long lo = w < present.length ? present[w] >>> s : 0;
        if (s == 0 || w + 1 >= present.length) return lo;
        return lo | present[w + 1] << (64 - s);
    }

    int[] ints() {
        return ints;
    }

    long[] longs() {
        return longs;
    }

    Object[] objects() {
        return objects;
    }

    /**
     * Copies this column of staged rows {@code from[i]}, row {@code rows[i]}, as rows {@code row0 + i} of the buffer.
     */
    // The INT32 and INT64 loops are one loop specialized by hand for int[] and long[]: a shared pass that lists
    // the rows first, then copies, measured ~5 % slower in WriterLoop (the presence words are read twice).
    void copy(EventBatch[] from, int[] rows, int n, int row0) {
        int c = column.ordinal(), word = c >>> 6;
        long bit = 1L << c;
        ensureRows(row0 + n);
        switch (column.type()) {
            case INT32 -> {
                if (ints.length < values + n) ints = Arrays.copyOf(ints, Math.max(ints.length * 2, values + n));
                int[] to = ints;
                int v = values;
                long bits = 0;
                for (int i = 0; i < n; i++) {
                    EventBatch b = from[i];
                    int r = rows[i];
                    if ((b.presence(r, word) & bit) != 0) {
                        to[v++] = b.intAt(c, r);
                        bits |= 1L << (row0 + i);
                    }
                    if ((row0 + i & 63) == 63) {
                        present[row0 + i >>> 6] |= bits;
                        bits = 0;
                    }
                }
                present[row0 + n - 1 >>> 6] |= bits;
                values = v;
            }
            case INT64 -> {
                if (longs.length < values + n) longs = Arrays.copyOf(longs, Math.max(longs.length * 2, values + n));
                long[] to = longs;
                int v = values;
                long bits = 0;
                for (int i = 0; i < n; i++) {
                    EventBatch b = from[i];
                    int r = rows[i];
                    if ((b.presence(r, word) & bit) != 0) {
                        to[v++] = b.longAt(c, r);
                        bits |= 1L << (row0 + i);
                    }
                    if ((row0 + i & 63) == 63) {
                        present[row0 + i >>> 6] |= bits;
                        bits = 0;
                    }
                }
                present[row0 + n - 1 >>> 6] |= bits;
                values = v;
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    EventBatch b = from[i];
                    int r = rows[i];
                    if ((b.presence(r, word) & bit) != 0) addObject(row0 + i, b.objectAt(c, r));
                }
            }
        }
    }

    private void ensureRows(int rows) {
        int words = (rows + 63) >>> 6;
        if (words > present.length) present = Arrays.copyOf(present, Math.max(present.length * 2, words));
    }

    private void mark(int row) {
        int w = row >>> 6;
        if (w >= present.length) present = Arrays.copyOf(present, Math.max(present.length * 2, w + 1));
        present[w] |= 1L << row;
    }

    void addInt(int row, int v) {
        mark(row);
        if (values == ints.length) ints = Arrays.copyOf(ints, values * 2);
        ints[values++] = v;
    }

    void addLong(int row, long v) {
        mark(row);
        if (values == longs.length) longs = Arrays.copyOf(longs, values * 2);
        longs[values++] = v;
    }

    void addObject(int row, Object v) {
        mark(row);
        if (values == objects.length) objects = Arrays.copyOf(objects, values * 2);
        objects[values++] = v;
    }

    /** Empties the buffer for the next row group, keeping its arrays. */
    void clear(int rows) {
        Arrays.fill(present, 0, Math.min(present.length, (rows + 63) >>> 6), 0L);
        if (objects != null) Arrays.fill(objects, 0, values, null);
        values = 0;
    }
}
