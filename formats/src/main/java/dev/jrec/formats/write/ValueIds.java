package dev.jrec.formats.write;

import java.nio.charset.StandardCharsets;

/**
 * A column chunk's dictionary while it is built: each distinct value gets the next id. Open addressing on
 * primitive arrays, since every value of a dictionary column is looked up once: parquet-java's writer
 * hashed a {@code Binary} (and compared its bytes) per string value, which was a sixth of the writer's time.
 * {@link #id} returns -1 once the dictionary would pass {@code maxBytes}: the chunk is then written PLAIN.
 */
abstract sealed class ValueIds {
    /** Parquet-java's default dictionary page limit. */
    static final int MAX_BYTES = 1 << 20;

    protected int size;
    protected long bytes;
    /** The ids of the last two values looked up: runs and ping-pongs (two pids, two CPUs) skip the table. */
    protected int lastId = -1, prevId = -1;
    protected int[] slots = new int[64]; // id + 1, 0 = empty
    protected int mask = 63;

    int size() {
        return size;
    }

    /** The dictionary page's bytes, PLAIN-encoded as the ids number them. */
    abstract byte[] page();

    protected final void grow() {
        int[] old = slots;
        slots = new int[old.length * 2];
        mask = slots.length - 1;
        for (int s : old) {
            if (s == 0) continue;
            int i = hashOf(s - 1) & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = s;
        }
    }

    protected abstract int hashOf(int id);

    protected final int remember(int id) {
        if (id != lastId) {
            prevId = lastId;
            lastId = id;
        }
        return id;
    }

    static int mix(long v) {
        long h = v * 0x9E3779B97F4A7C15L;
        return (int) (h ^ h >>> 32);
    }

    /** INT32 and INT64 values; ints are held widened. Keys sit next to their ids in one table: one cache miss a probe. */
    static final class Longs extends ValueIds {
        private final int width;
        private long[] values = new long[32];
        /** [2i] key, [2i + 1] id + 1 (0: empty). */
        private long[] table = new long[128];
        private int tableMask = 63;
        Longs(int width) {
            this.width = width;
        }

        int id(long v) {
            if (lastId >= 0 && values[lastId] == v) return lastId;
            if (prevId >= 0 && values[prevId] == v) return remember(prevId);
            long[] t = table;
            int i = mix(v) & tableMask;
            for (long s; (s = t[2 * i + 1]) != 0; i = (i + 1) & tableMask) {
                if (t[2 * i] == v) return remember((int) s - 1);
            }
            if (bytes + width > MAX_BYTES) return -1;
            if (size == values.length) values = java.util.Arrays.copyOf(values, size * 2);
            values[size] = v;
            t[2 * i] = v;
            t[2 * i + 1] = ++size;
            bytes += width;
            if (size * 2 > tableMask + 1) rehash();
            return remember(size - 1);
        }

        private void rehash() {
            table = new long[table.length * 2];
            tableMask = table.length / 2 - 1;
            for (int id = 0; id < size; id++) {
                int i = mix(values[id]) & tableMask;
                while (table[2 * i + 1] != 0) i = (i + 1) & tableMask;
                table[2 * i] = values[id];
                table[2 * i + 1] = id + 1;
            }
        }

        long value(int id) {
            return values[id];
        }

        @Override
        protected int hashOf(int id) {
            return mix(values[id]);
        }

        @Override
        byte[] page() {
            PlainBytes out = new PlainBytes(size * width);
            for (int i = 0; i < size; i++) {
                if (width == 4) out.int32((int) values[i]);
                else out.int64(values[i]);
            }
            return out.toArray();
        }
    }

    /** Strings, which come interned from the recorder: a probe usually matches by identity. */
    static final class Strings extends ValueIds {
        private String[] values = new String[32];
        private byte[][] utf8 = new byte[32][];
        int id(String v) {
            if (lastId >= 0 && values[lastId] == v) return lastId;
            if (prevId >= 0 && values[prevId] == v) return remember(prevId);
            int h = v.hashCode();
            int i = mix(h) & mask;
            for (int s; (s = slots[i]) != 0; i = (i + 1) & mask) {
                String k = values[s - 1];
                if (k == v || k.hashCode() == h && k.equals(v)) return remember(s - 1);
            }
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (bytes + 4 + b.length > MAX_BYTES) return -1;
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
                utf8 = java.util.Arrays.copyOf(utf8, size * 2);
            }
            values[size] = v;
            utf8[size] = b;
            slots[i] = ++size;
            bytes += 4 + b.length;
            if (size * 2 > slots.length) grow();
            return remember(size - 1);
        }

        byte[] utf8(int id) {
            return utf8[id];
        }

        @Override
        protected int hashOf(int id) {
            return mix(values[id].hashCode());
        }

        @Override
        byte[] page() {
            PlainBytes out = new PlainBytes((int) bytes);
            for (int i = 0; i < size; i++) out.binary(utf8[i]);
            return out.toArray();
        }
    }
}
