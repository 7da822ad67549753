package dev.jrec.gui.timeline;

import java.util.Arrays;

/**
 * A CPU lane's time in hard IRQ and softirq handlers at the level of detail it was read at (timeline_cpu_irq),
 * sorted by start: a run at least a pixel long as it is, shorter ones summed per pixel. What the strip over the
 * lane shows, and its tooltip.
 */
final class IrqTime {
    long[] start = new long[0];
    long[] dur = new long[0];
    long[] hard = new long[0];
    long[] soft = new long[0];
    int[] runs = new int[0];
    String[] top = new String[0];
    int size;
    /** The longest entry: one starting this long before the view may still reach into it. */
    long maxDur;

    void add(long s, long d, long h, long so, int n, String t) {
        if (size == start.length) {
            int c = Math.max(16, size * 2);
            start = Arrays.copyOf(start, c);
            dur = Arrays.copyOf(dur, c);
            hard = Arrays.copyOf(hard, c);
            soft = Arrays.copyOf(soft, c);
            runs = Arrays.copyOf(runs, c);
            top = Arrays.copyOf(top, c);
        }
        start[size] = s;
        dur[size] = d;
        hard[size] = h;
        soft[size] = so;
        runs[size] = n;
        top[size] = t;
        maxDur = Math.max(maxDur, d);
        size++;
    }

    /** The first entry that can reach {@code t}. */
    int first(long t) {
        int i = Arrays.binarySearch(start, 0, size, t - maxDur);
        return Math.max(0, i < 0 ? -i - 1 : i);
    }

    /** The entry covering {@code t} (give or take {@code slack}) that started last, or -1. */
    int at(long t, long slack) {
        int best = -1;
        for (int i = first(t - slack); i < size && start[i] <= t + slack; i++) if (t < start[i] + dur[i] + slack) best = i;
        return best;
    }

    /** The share of its time an entry's handlers took, 0..1. */
    double share(int i) {
        return Math.min(1, (hard[i] + soft[i]) / (double) Math.max(1, dur[i]));
    }
}
