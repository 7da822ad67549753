package dev.jrec.formats.write;

import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;

/**
 * Parquet's RLE/bit-packing hybrid encoding of small ints (dictionary ids), from an array in one pass: a run of
 * 8 or more equal values becomes an RLE run, the rest is bit-packed 8 values at a time. parquet-java's encoder
 * takes one call per value and looks for repeats value by value, a sixth of the writer's time.
 */
final class Hybrid {
    private final byte[] group = new byte[32];
    private final PlainBytes packed = new PlainBytes(1 << 12);
    private BytePacker packer;
    private int width = -1;

    /** Appends {@code values[from..from+count-1]} at {@code bitWidth} to {@code out}, without a length prefix. */
    void encode(int[] values, int from, int count, int bitWidth, PlainBytes out) {
        if (bitWidth != width) {
            packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
            width = bitWidth;
        }
        int valueBytes = (bitWidth + 7) >>> 3;
        int end = from + count;
        int groups = 0;
        packed.reset();
        int i = from;
        while (i < end) {
            int v = values[i];
            int j = i + 1;
            while (j < end && values[j] == v) j++;
            if (j - i >= 8) {
                groups = flush(groups, out);
                out.varint((long) (j - i) << 1);
                for (int b = 0; b < valueBytes; b++) out.int8(v >>> (8 * b));
                i = j;
                continue;
            }
            if (end - i >= 8) {
                packer.pack8Values(values, i, group, 0);
                i += 8;
            } else {
                int[] tail = new int[8];
                System.arraycopy(values, i, tail, 0, end - i);
                packer.pack8Values(tail, 0, group, 0);
                i = end;
            }
            packed.bytes(group, bitWidth);
            groups++;
        }
        flush(groups, out);
    }

    private int flush(int groups, PlainBytes out) {
        if (groups == 0) return 0;
        out.varint((long) groups << 1 | 1);
        out.bytes(packed.array(), packed.size());
        packed.reset();
        return 0;
    }
}
