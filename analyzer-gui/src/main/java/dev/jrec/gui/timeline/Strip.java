package dev.jrec.gui.timeline;

import java.util.Arrays;

/**
 * A thin strip over the top of a lane, read at a level of detail, sorted by start: an entry at least a pixel long
 * as it is, shorter ones summed per pixel, each with its two kinds of time, how many it stands for and what took the
 * most. A CPU lane's IRQ time (timeline_cpu_irq: a = hard IRQ handlers, b = softirqs) and a thread lane's lock waits
 * (timeline_thread_waits: a = kernel locks, b = futexes), and its probed calls (timeline_thread_calls: a = time in timed
 * calls, b = 0; an instant is 0 long). What the strip shows, and its tooltip.
 */
final class Strip {
    long[] start = new long[0];
    long[] dur = new long[0];
    long[] a = new long[0];
    long[] b = new long[0];
    int[] runs = new int[0];
    String[] top = new String[0];
    int size;
    /** The longest entry: one starting this long before the view may still reach into it. */
    long maxDur;

    void add(long s, long d, long first, long second, int n, String t) {
        if (size == start.length) {
            int c = Math.max(16, size * 2);
            start = Arrays.copyOf(start, c);
            dur = Arrays.copyOf(dur, c);
            a = Arrays.copyOf(a, c);
            b = Arrays.copyOf(b, c);
            runs = Arrays.copyOf(runs, c);
            top = Arrays.copyOf(top, c);
        }
        start[size] = s;
        dur[size] = d;
        a[size] = first;
        b[size] = second;
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

    /** The share of its time an entry's two kinds took, 0..1. */
    double share(int i) {
        return Math.min(1, (a[i] + b[i]) / (double) Math.max(1, dur[i]));
    }

    /** Takes the entries of {@code o}, read for another window. */
    void replace(Strip o) {
        start = o.start;
        dur = o.dur;
        a = o.a;
        b = o.b;
        runs = o.runs;
        top = o.top;
        size = o.size;
        maxDur = o.maxDur;
    }
}
