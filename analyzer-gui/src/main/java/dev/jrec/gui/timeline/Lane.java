package dev.jrec.gui.timeline;

import java.util.Arrays;

/**
 * One row of the timeline: intervals sorted by start that do not overlap (a CPU runs one task at a time; a thread
 * is in one state at a time), in parallel arrays so that 50k of them cost little memory and a binary search finds
 * the first one in view. Markers (a thread's syscalls and block I/O) may overlap and are kept apart.
 */
final class Lane {
    /** The lane's name: "CPU 3", or a thread's last comm, tid and (for a non-main thread) pid. */
    String title;
    final int pid;
    final int tid;
    final int cpu;
    long[] start = new long[16];
    long[] dur = new long[16];
    /** Per interval: the pid a CPU ran, or the state code of a thread (index into STATES). */
    int[] key = new int[16];
    int[] tids = new int[16];
    String[] labels = new String[16];
    int size;
    /** A thread lane's states are loaded when the lane comes into sight; a CPU lane has its slices from the start. */
    boolean statesLoaded;
    final Markers markers = new Markers();

    private Lane(String title, int pid, int tid, int cpu) {
        this.title = title;
        this.pid = pid;
        this.tid = tid;
        this.cpu = cpu;
    }

    static Lane cpu(int cpu) {
        return new Lane("CPU " + cpu, -1, -1, cpu);
    }

    static Lane thread(int pid, int tid, String name) {
        return new Lane(name + " " + tid + (pid != tid ? " (" + pid + ")" : ""), pid, tid, -1);
    }

    /** Names a thread's lane by its comm; a thread can rename itself (prctl), and its last name is the telling one. */
    void comm(String comm) {
        if (!isCpu() && comm != null) title = Lane.thread(pid, tid, comm).title;
    }

    boolean isCpu() {
        return cpu >= 0;
    }

    void add(long s, long d, int k, int t, String label) {
        if (size == start.length) {
            int n = size * 2;
            start = Arrays.copyOf(start, n);
            dur = Arrays.copyOf(dur, n);
            key = Arrays.copyOf(key, n);
            tids = Arrays.copyOf(tids, n);
            labels = Arrays.copyOf(labels, n);
        }
        start[size] = s;
        dur[size] = d;
        key[size] = k;
        tids[size] = t;
        labels[size] = label;
        size++;
    }

    /** Takes the intervals another lane collected (a thread's states, read off the UI thread). */
    void install(Lane from) {
        start = from.start;
        dur = from.dur;
        key = from.key;
        tids = from.tids;
        labels = from.labels;
        size = from.size;
        statesLoaded = true;
    }

    /** The first interval that ends after {@code t}, assuming starts are sorted and intervals do not overlap. */
    int firstEndingAfter(long t) {
        int i = Arrays.binarySearch(start, 0, size, t);
        if (i < 0) i = -i - 1;
        return Math.max(0, i - 1);
    }

    /** The interval covering {@code t}, or -1. */
    int at(long t) {
        for (int i = firstEndingAfter(t); i < size && start[i] <= t; i++) if (t < start[i] + dur[i]) return i;
        return -1;
    }

    long busyNs() {
        long s = 0;
        for (int i = 0; i < size; i++) s += dur[i];
        return s;
    }

    /** A thread's syscalls and block requests, sorted by start; they may overlap (a request outlives its syscall). */
    static final class Markers {
        long[] start = new long[0];
        long[] dur = new long[0];
        boolean[] block = new boolean[0];
        String[] label = new String[0];
        int size;

        void add(long s, long d, boolean isBlock, String l) {
            if (size == start.length) {
                int n = Math.max(16, size * 2);
                start = Arrays.copyOf(start, n);
                dur = Arrays.copyOf(dur, n);
                block = Arrays.copyOf(block, n);
                label = Arrays.copyOf(label, n);
            }
            start[size] = s;
            dur[size] = d;
            block[size] = isBlock;
            label[size] = l;
            size++;
        }

        /** The marker covering {@code t}, the latest-starting if several do; -1 if none. */
        int at(long t, long slack) {
            int i = Arrays.binarySearch(start, 0, size, t + slack);
            if (i < 0) i = -i - 1;
            for (int j = Math.min(i, size - 1); j >= 0 && j >= i - 64; j--) {
                if (start[j] - slack <= t && t < start[j] + dur[j] + slack) return j;
            }
            return -1;
        }
    }
}
