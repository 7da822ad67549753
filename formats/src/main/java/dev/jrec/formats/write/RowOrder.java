package dev.jrec.formats.write;

import java.util.Arrays;

/** Sorts a batch's row indexes by ts without allocating: events arrive nearly sorted from the kernel. */
final class RowOrder {
    private static final int INDEX_BITS = 21;
    private final int[] order;
    private final long[] keys;
    private final int[] scratch;

    RowOrder(int capacity) {
        if (capacity > 1 << INDEX_BITS) throw new IllegalArgumentException("batch capacity above " + (1 << INDEX_BITS));
        order = new int[capacity];
        keys = new long[capacity];
        scratch = new int[capacity];
    }

    /** Returns the row indexes of {@code b} in ts order (stable); valid until the next call. */
    int[] sort(EventBatch b) {
        int n = b.size();
        boolean sorted = true;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            long t = b.ts(i);
            if (i > 0 && t < b.ts(i - 1)) sorted = false;
            min = Math.min(min, t);
            max = Math.max(max, t);
        }
        if (sorted) return order;
        if (max - min < 1L << (63 - INDEX_BITS)) {
            for (int i = 0; i < n; i++) keys[i] = ((b.ts(i) - min) << INDEX_BITS) | i;
            Arrays.sort(keys, 0, n);
            for (int i = 0; i < n; i++) order[i] = (int) (keys[i] & ((1 << INDEX_BITS) - 1));
        } else {
            mergeSort(b, 0, n);
        }
        return order;
    }

    private void mergeSort(EventBatch b, int from, int to) {
        if (to - from < 2) return;
        int mid = (from + to) >>> 1;
        mergeSort(b, from, mid);
        mergeSort(b, mid, to);
        int i = from, j = mid, k = from;
        while (i < mid && j < to) scratch[k++] = b.ts(order[j]) < b.ts(order[i]) ? order[j++] : order[i++];
        while (i < mid) scratch[k++] = order[i++];
        while (j < to) scratch[k++] = order[j++];
        System.arraycopy(scratch, from, order, from, to - from);
    }
}
