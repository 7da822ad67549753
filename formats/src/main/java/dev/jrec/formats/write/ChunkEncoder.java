package dev.jrec.formats.write;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.ColumnType;
import java.io.IOException;
import java.util.Set;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageWriter;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.column.values.delta.DeltaBinaryPackingValuesWriterForLong;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.apache.parquet.io.api.Binary;

/**
 * Encodes one column of a row group ({@link ColumnBuffer}) into v1 data pages, a column at a time in tight
 * loops: parquet-java's column writers took every value through levels, a dictionary-or-fallback check and
 * statistics one call at a time, which was most of the recorder's CPU (docs/performance.md, "Under pressure").
 * The pages are what parquet-java writes for the same values (v1 pages, RLE levels, dictionary or PLAIN or
 * DELTA_BINARY_PACKED values, page statistics), so every Parquet reader reads them.
 *
 * <p>Encodings, per column:
 * <ul>
 * <li>DELTA_BINARY_PACKED for the sorted or clustered 64-bit columns ({@link #DELTA}): timestamps
 * become small deltas.
 * <li>PLAIN for durations ({@link #PLAIN}): they are not sorted, so their deltas are as wide as the
 * values and delta packing stores each at its block's worst width. Measured on a real sched capture
 * (643k events): wait_ns 793 KB delta vs 526 KB plain, dur_ns 796 KB vs 619 KB. BYTE_STREAM_SPLIT would
 * save ~0.2 B/event more, but Parquet readers before 2024 (parquet-java < 1.14, so Spark 3.x) cannot read
 * it for integers, and a capture must open in the tools a postmortem's reader has.
 * <li>for the rest, a dictionary for the whole chunk when it stays under 1 MiB and is smaller than PLAIN
 * (the whole chunk is known before its first page is written, so there is no mid-chunk fallback).
 * </ul>
 */
final class ChunkEncoder {
    static final Set<Column> DELTA = Set.of(Column.TS, Column.SECTOR, Column.ADDR, Column.FILE_OFFSET);
    static final Set<Column> PLAIN = Set.of(Column.DUR_NS, Column.WAIT_NS);
    /** parquet-java's defaults: a page ends at 20,000 rows or about 1 MiB of values. */
    static final int PAGE_ROWS = 20_000;
    static final int PAGE_BYTES = 1 << 20;

    private final PlainBytes levels = new PlainBytes(1 << 12);
    private final Hybrid hybrid = new Hybrid();
    private final PlainBytes values = new PlainBytes(1 << 16);
    private final DeltaBinaryPackingValuesWriterForLong delta =
            new DeltaBinaryPackingValuesWriterForLong(1 << 16, PAGE_BYTES, HeapByteBufferAllocator.getInstance());
    private int[] ids = new int[1 << 12];
    private int[] seen = new int[64];
    private long[] elemLongs = new long[64];
    private Object[] elemObjects = new Object[64];
    private int page;

    /**
     * A column chunk while its row group is written: its dictionary, built page by page as parquet-java's
     * writers build theirs, and whether the chunk went PLAIN (the first page showed a dictionary does not pay,
     * or it outgrew 1 MiB: later pages are PLAIN, earlier ones keep their ids).
     */
    static final class Chunk {
        private ValueIds dict;
        private boolean plain;
        /** The dictionary has ids on a page: the chunk needs its dictionary page. */
        private boolean used;
        /** Pages of this chunk were written (the rows before them were given a page of nulls). */
        boolean started;

        /** Writes the dictionary page, if pages use it; call once, after the chunk's last page. */
        void finish(PageWriter w) throws IOException {
            if (used) w.writeDictionaryPage(new DictionaryPage(BytesInput.from(dict.page()), dict.size(), Encoding.PLAIN_DICTIONARY));
        }
    }

    /** Writes rows {@code 0..rows-1} of {@code buf} as the next page(s) of {@code chunk}, column {@code d}. */
    void encode(ColumnBuffer buf, int rows, ColumnDescriptor d, PageWriter w, Chunk chunk) throws IOException {
        ColumnType type = buf.column.type();
        boolean list = type == ColumnType.STRING_LIST || type == ColumnType.INT64_LIST;
        int n = list ? flatten(buf) : buf.values();
        long[] longs = type == ColumnType.INT64_LIST ? elemLongs : buf.longs();
        Object[] objects = type == ColumnType.STRING_LIST ? elemObjects : list ? null : buf.objects();
        int[] ints = buf.ints();
        ValueIds dict = dictionary(buf.column, chunk, ints, longs, objects, n);
        int r0 = 0, v0 = 0, o = 0;
        while (r0 < rows) {
            Statistics<?> stats = Statistics.createStats(d.getPrimitiveType());
            int r1, slots, count;
            levels.reset();
            if (list) {
                int[] end = listLevels(buf, d, r0, rows, o, stats);
                r1 = end[0];
                slots = end[1];
                count = end[2];
                o = end[3];
            } else {
                r1 = pageEnd(buf, r0, rows, v0, dict != null);
                slots = r1 - r0;
                count = countPresent(buf, r0, r1);
                if (d.getMaxDefinitionLevel() > 0) presenceLevels(buf, r0, r1);
                stats.incrementNumNulls(slots - count);
            }
            values.reset();
            Encoding enc = values(buf.column, dict, ints, longs, objects, v0, count, stats);
            BytesInput body = BytesInput.concat(BytesInput.from(levels.array(), 0, levels.size()), valueBytes(enc));
            w.writePage(body, slots, r1 - r0, stats, Encoding.RLE, Encoding.RLE, enc);
            r0 = r1;
            v0 += count;
        }
    }

    private BytesInput valueBytes(Encoding enc) throws IOException {
        if (enc == Encoding.DELTA_BINARY_PACKED) return BytesInput.copy(delta.getBytes());
        return BytesInput.from(values.array(), 0, values.size());
    }

    /**
     * The dictionary the values of this page are written with, {@link #ids} filled, or null for PLAIN. The first
     * page decides whether the chunk has one: it must make that page smaller than PLAIN.
     */
    private ValueIds dictionary(Column c, Chunk chunk, int[] ints, long[] longs, Object[] objects, int n) {
        if (chunk.plain || DELTA.contains(c) || PLAIN.contains(c) || n == 0) return null;
        if (ids.length < n) ids = new int[Math.max(n, ids.length * 2)];
        boolean first = chunk.dict == null;
        if (first) chunk.dict = objects != null ? new ValueIds.Strings() : new ValueIds.Longs(ints != null ? 4 : 8);
        long raw = 0;
        if (chunk.dict instanceof ValueIds.Strings s) {
            for (int i = 0; i < n; i++) {
                int id = s.id((String) objects[i]);
                if (id < 0) return fallBack(chunk);
                ids[i] = id;
                raw += 4 + s.utf8(id).length;
            }
        } else {
            ValueIds.Longs l = (ValueIds.Longs) chunk.dict;
            for (int i = 0; i < n; i++) {
                int id = l.id(ints != null ? ints[i] : longs[i]);
                if (id < 0) return fallBack(chunk);
                ids[i] = id;
            }
            raw = (long) n * (ints != null ? 4 : 8);
        }
        ValueIds dict = chunk.dict;
        if (first && dict.bytes + (long) n * BytesUtils.getWidthFromMaxInt(dict.size() - 1) / 8 >= raw) return fallBack(chunk);
        chunk.used = true;
        return dict;
    }

    private static ValueIds fallBack(Chunk chunk) {
        chunk.plain = true;
        if (!chunk.used) chunk.dict = null;
        return null;
    }

    /** A page ends at {@link #PAGE_ROWS} rows, or sooner once PLAIN strings pass {@link #PAGE_BYTES}. */
    private static int pageEnd(ColumnBuffer buf, int r0, int rows, int v0, boolean dict) {
        int r1 = Math.min(rows, r0 + PAGE_ROWS);
        if (dict || buf.objects() == null) return r1;
        long bytes = 0;
        int v = v0;
        for (int r = r0; r < r1; r++) {
            if (!buf.has(r)) continue;
            bytes += 4 + ((String) buf.objects()[v++]).length();
            if (bytes >= PAGE_BYTES) return r + 1;
        }
        return r1;
    }

    private static int countPresent(ColumnBuffer buf, int r0, int r1) {
        int n = 0;
        for (int r = r0; r < r1; r += 64) {
            long w = buf.word(r);
            if (r1 - r < 64) w &= (1L << (r1 - r)) - 1;
            n += Long.bitCount(w);
        }
        return n;
    }

    /**
     * Definition levels of a flat optional column, 4-byte length first as v1 pages have them, in the RLE/bit-packing
     * hybrid at bit width 1: runs of 8-row groups that are all null or all set become RLE runs, the rest is packed
     * a bit per row, as the presence bits already are.
     */
    private void presenceLevels(ColumnBuffer buf, int r0, int r1) {
        levels.int32(0);
        int groups = (r1 - r0) >>> 3;
        int packedFrom = -1;
        for (int g = 0; g < groups; ) {
            int b = group(buf, r0 + (g << 3));
            int k = 1;
            if (b == 0 || b == 0xFF) while (g + k < groups && group(buf, r0 + ((g + k) << 3)) == b) k++;
            if (k >= 3) {
                if (packedFrom >= 0) packed(buf, r0, packedFrom, g, r1);
                packedFrom = -1;
                levels.varint((long) k << 4); // (8k values) << 1
                levels.int8(b & 1);
            } else if (packedFrom < 0) {
                packedFrom = g;
            }
            g += k;
        }
        if ((r1 - r0 & 7) != 0) {
            if (packedFrom < 0) packedFrom = groups;
            packed(buf, r0, packedFrom, groups + 1, r1);
        } else if (packedFrom >= 0) {
            packed(buf, r0, packedFrom, groups, r1);
        }
        byte[] a = levels.array();
        int len = levels.size() - 4;
        a[0] = (byte) len;
        a[1] = (byte) (len >>> 8);
        a[2] = (byte) (len >>> 16);
        a[3] = (byte) (len >>> 24);
    }

    /** Groups {@code from..to-1} as one bit-packed run; the last may be partial, its padding zero. */
    private void packed(ColumnBuffer buf, int r0, int from, int to, int r1) {
        levels.varint((long) (to - from) << 1 | 1);
        for (int g = from; g < to; g++) {
            int r = r0 + (g << 3);
            int b = group(buf, r);
            if (r1 - r < 8) b &= (1 << (r1 - r)) - 1;
            levels.int8(b);
        }
    }

    private static int group(ColumnBuffer buf, int r) {
        return (int) buf.word(r) & 0xFF;
    }

    /** Values {@code v0..v0+count-1} of the page into {@link #values} or {@link #delta}; returns their encoding. */
    private Encoding values(Column c, ValueIds dict, int[] ints, long[] longs, Object[] objects, int v0, int count,
                            Statistics<?> stats) throws IOException {
        if (count > 0) pageStats(dict, ints, longs, objects, v0, count, stats);
        if (dict != null) {
            int bw = BytesUtils.getWidthFromMaxInt(dict.size() - 1);
            values.int8(bw);
            hybrid.encode(ids, v0, count, bw, values);
            return Encoding.PLAIN_DICTIONARY;
        }
        if (DELTA.contains(c)) {
            delta.reset();
            for (int i = v0; i < v0 + count; i++) delta.writeLong(longs[i]);
            return Encoding.DELTA_BINARY_PACKED;
        }
        if (ints != null) for (int i = v0; i < v0 + count; i++) values.int32(ints[i]);
        else if (longs != null) for (int i = v0; i < v0 + count; i++) values.int64(longs[i]);
        else for (int i = v0; i < v0 + count; i++) values.binary(((String) objects[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return Encoding.PLAIN;
    }

    /** Min and max of the page's values; for strings of a dictionary, over the distinct ids the page uses. */
    private void pageStats(ValueIds dict, int[] ints, long[] longs, Object[] objects, int v0, int count, Statistics<?> stats) {
        int end = v0 + count;
        if (ints != null) {
            java.util.IntSummaryStatistics m = java.util.Arrays.stream(ints, v0, end).summaryStatistics();
            stats.updateStats(m.getMin());
            stats.updateStats(m.getMax());
        } else if (longs != null) {
            java.util.LongSummaryStatistics m = java.util.Arrays.stream(longs, v0, end).summaryStatistics();
            stats.updateStats(m.getMin());
            stats.updateStats(m.getMax());
        } else if (dict instanceof ValueIds.Strings s) {
            if (seen.length < s.size()) seen = new int[Math.max(s.size(), seen.length * 2)];
            int stamp = ++page;
            for (int i = v0; i < end; i++) {
                int id = ids[i];
                if (seen[id] == stamp) continue;
                seen[id] = stamp;
                stats.updateStats(Binary.fromConstantByteArray(s.utf8(id)));
            }
        } else {
            for (int i = v0; i < end; i++) stats.updateStats(Binary.fromString((String) objects[i]));
        }
    }

    /** The elements of a list column's rows, nulls left out, into {@link #elemLongs} or {@link #elemObjects}. */
    private int flatten(ColumnBuffer buf) {
        int n = 0;
        Object[] rows = buf.objects();
        boolean strings = buf.column.type() == ColumnType.STRING_LIST;
        for (int v = 0; v < buf.values(); v++) {
            if (strings) {
                for (String s : (String[]) rows[v]) {
                    if (s == null) continue;
                    if (n == elemObjects.length) elemObjects = java.util.Arrays.copyOf(elemObjects, n * 2);
                    elemObjects[n++] = s;
                }
            } else {
                long[] a = (long[]) rows[v];
                if (n + a.length > elemLongs.length) elemLongs = java.util.Arrays.copyOf(elemLongs, Math.max(n * 2, n + a.length));
                System.arraycopy(a, 0, elemLongs, n, a.length);
                n += a.length;
            }
        }
        return n;
    }

    /**
     * Repetition and definition levels of a list column's page starting at {@code r0}, 3-level lists: definition 0 =
     * null list, 1 = empty list, 2 = null element (string lists), max = value. Returns {end row, level slots,
     * element values, next row's first value index into the buffer}.
     */
    private int[] listLevels(ColumnBuffer buf, ColumnDescriptor d, int r0, int rows, int v, Statistics<?> stats) throws IOException {
        int maxDef = d.getMaxDefinitionLevel();
        int defWidth = BytesUtils.getWidthFromMaxInt(maxDef);
        Object[] objs = buf.objects();
        int slots = 0, count = 0, r = r0;
        long bytes = 0;
        try (RunLengthBitPackingHybridEncoder rep = rle(1); RunLengthBitPackingHybridEncoder def = rle(defWidth)) {
            for (; r < rows && r - r0 < PAGE_ROWS && bytes < PAGE_BYTES; r++) {
                Object o = buf.has(r) ? objs[v++] : null;
                int len = o == null ? -1 : o instanceof String[] s ? s.length : ((long[]) o).length;
                if (len <= 0) {
                    rep.writeInt(0);
                    def.writeInt(len < 0 ? 0 : 1);
                    slots++;
                    continue;
                }
                for (int e = 0; e < len; e++) {
                    rep.writeInt(e == 0 ? 0 : 1);
                    boolean isNull = o instanceof String[] s && s[e] == null;
                    def.writeInt(isNull ? maxDef - 1 : maxDef);
                    if (!isNull) {
                        count++;
                        bytes += o instanceof String[] s ? 4 + s[e].length() : 8;
                    }
                    slots++;
                }
            }
            lengthPrefixed(rep.toBytes());
            lengthPrefixed(def.toBytes());
        }
        stats.incrementNumNulls(slots - count);
        return new int[] {r, slots, count, v};
    }

    private static RunLengthBitPackingHybridEncoder rle(int width) {
        return new RunLengthBitPackingHybridEncoder(width, 1 << 10, PAGE_BYTES, HeapByteBufferAllocator.getInstance());
    }

    private void lengthPrefixed(BytesInput b) throws IOException {
        byte[] a = b.toByteArray();
        levels.int32(a.length);
        levels.bytes(a);
    }
}
