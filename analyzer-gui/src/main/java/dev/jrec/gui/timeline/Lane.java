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
    /**
     * Per interval, for a CPU lane read at a level of detail (timeline_cpu_slices): the on-CPU time in it and the
     * slices it stands for; a slice has its length and 1, a bucket of slices thinner than a pixel their sum and count.
     */
    long[] busy = new long[16];
    int[] count = new int[16];
    int size;
    /** A thread lane's states are loaded when the lane comes into sight; a CPU lane has its slices from the start. */
    boolean statesLoaded;
    /** A thread lane's markers are read for the window of the timeline's detail when the lane comes into sight. */
    boolean marksLoaded;
    final Markers markers = new Markers();
    /** A thread lane's TCP connections and events, read with its markers. */
    final NetMarks net = new NetMarks();
    /** A CPU lane's time in IRQ handlers per bucket (timeline_cpu_irq), read with its slices; empty without the irq source. */
    final Strip irq = new Strip();
    /** A thread lane's lock waits per bucket (timeline_thread_waits), read with its markers; empty without the lock source. */
    final Strip waits = new Strip();
    /** A thread lane's probed calls per bucket (timeline_thread_calls), read with its markers; empty without the uprobe source. */
    final Strip calls = new Strip();

    /** A thread lane's process, as the process tables name it: the title of the group it is shown in. */
    String process;
    /** A kernel thread (a child of kthreadd): grouped with the others, apart from the workload. */
    boolean kernel;
    /** A process's (or the kernel threads') header row, over its threads' lanes; it has no intervals of its own. */
    final boolean header;
    /** A header's processes (one, or every kernel thread's) and whether its threads are shown under it. */
    int[] members = new int[0];
    boolean open;

    private Lane(String title, int pid, int tid, int cpu, boolean header) {
        this.title = title;
        this.pid = pid;
        this.tid = tid;
        this.cpu = cpu;
        this.header = header;
    }

    static Lane cpu(int cpu) {
        return new Lane("CPU " + cpu, -1, -1, cpu, false);
    }

    static Lane thread(int pid, int tid, String name) {
        return new Lane(name + " " + tid + (pid != tid ? " (" + pid + ")" : ""), pid, tid, -1, false);
    }

    /** The header of a group of thread lanes: a process ({@code group} its pid) or the kernel threads. */
    static Lane header(int group, String title, int[] pids, boolean open) {
        Lane l = new Lane(title, group, -1, -1, true);
        l.members = pids;
        l.open = open;
        l.statesLoaded = true;
        l.marksLoaded = true;
        return l;
    }

    /** A thread's lane: neither a CPU's nor a group's header. */
    boolean isThread() {
        return cpu < 0 && !header;
    }

    /** Names a thread's lane by its comm; a thread can rename itself (prctl), and its last name is the telling one. */
    void comm(String comm) {
        if (isThread() && comm != null) title = Lane.thread(pid, tid, comm).title;
    }

    boolean isCpu() {
        return cpu >= 0;
    }

    void add(long s, long d, int k, int t, String label) {
        add(s, d, k, t, label, d, 1);
    }

    /** An interval standing for {@code n} slices that were on a CPU for {@code busyNs} of it. */
    void add(long s, long d, int k, int t, String label, long busyNs, int n) {
        if (size == start.length) {
            int c = size * 2;
            start = Arrays.copyOf(start, c);
            dur = Arrays.copyOf(dur, c);
            key = Arrays.copyOf(key, c);
            tids = Arrays.copyOf(tids, c);
            labels = Arrays.copyOf(labels, c);
            busy = Arrays.copyOf(busy, c);
            count = Arrays.copyOf(count, c);
        }
        start[size] = s;
        dur[size] = d;
        key[size] = k;
        tids[size] = t;
        labels[size] = label;
        busy[size] = busyNs;
        count[size] = n;
        size++;
    }

    /** True when interval i stands for several slices, or for one thinner than a pixel: a bucket, not a slice. */
    boolean aggregated(int i) {
        return count[i] != 1 || busy[i] != dur[i];
    }

    /** Takes the intervals another lane collected (a thread's states, read off the UI thread). */
    void install(Lane from) {
        start = from.start;
        dur = from.dur;
        key = from.key;
        tids = from.tids;
        labels = from.labels;
        busy = from.busy;
        count = from.count;
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

    /** The on-CPU time of a CPU lane (the time in its intervals for a thread lane). */
    long busyNs() {
        long s = 0;
        for (int i = 0; i < size; i++) s += busy[i];
        return s;
    }

    /** A thread's syscalls and block requests, sorted by start; they may overlap (a request outlives its syscall). */
    static final class Markers {
        long[] start = new long[0];
        long[] dur = new long[0];
        boolean[] block = new boolean[0];
        String[] label = new String[0];
        /** The calls a marker stands for: 1, or for a bucket of syscalls thinner than a pixel, how many. */
        int[] calls = new int[0];
        int size;

        void add(long s, long d, boolean isBlock, String l) {
            add(s, d, isBlock, l, 1);
        }

        void add(long s, long d, boolean isBlock, String l, int n) {
            if (size == start.length) {
                int c = Math.max(16, size * 2);
                start = Arrays.copyOf(start, c);
                dur = Arrays.copyOf(dur, c);
                block = Arrays.copyOf(block, c);
                label = Arrays.copyOf(label, c);
                calls = Arrays.copyOf(calls, c);
            }
            start[size] = s;
            dur[size] = d;
            block[size] = isBlock;
            label[size] = l;
            calls[size] = n;
            size++;
        }

        /** Takes the markers another set collected (read off the UI thread for another time window). */
        void replace(Markers from) {
            start = from.start;
            dur = from.dur;
            block = from.block;
            label = from.label;
            calls = from.calls;
            size = from.size;
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
