package dev.jrec.recorder;

import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The capture's process/thread table: the first time a thread appears in an event, its details are
 * read from /proc and written as a {@code thread} row; on exit a final row adds the exit time. Only
 * threads that appear in events are described, and what /proc says is snapshotted before they go.
 */
final class SeenThreads {
    /** Bounds /proc reads per drain cycle, so a fork storm cannot stall the ring buffer consumer. */
    static final int MAX_READS_PER_CYCLE = 256;
    /**
     * And their time: under a thread storm a read of /proc/PID/cmdline waits for the process's mmap lock,
     * and 256 of them kept the consumer from its rings and its loss accounting for over a minute.
     */
    static final long MAX_READ_NS_PER_CYCLE = 50_000_000L;
    private static final int MAX_TRACKED = 1 << 20;
    /** How far back exec looks for its process among the threads waiting to be described: the newest are the likely. */
    private static final int PENDING_SEARCH = 64;
    private static final long TICK_NS = 10_000_000L; // USER_HZ is 100 on every Linux ABI

    private record Info(int pid, int tid, String comm, int ppid, String cmdline, String cgroup, long cgroupId, long startTs) {}

    private final IntSet known = new IntSet();
    private final int[] pendingPid = new int[1 << 14];
    private final int[] pendingTid = new int[1 << 14];
    /** The comm of the event it first appeared in: the row's comm when the thread is gone before /proc is read. */
    private final String[] pendingComm = new String[1 << 14];
    private int pending;
    private final Map<Integer, Info> live = new HashMap<>();
    private final long boottimeOffsetNs;
    private final Path proc;
    private long skipped;

    SeenThreads(Path proc, long boottimeOffsetNs) {
        this(proc, boottimeOffsetNs, CgroupPaths.system());
    }

    SeenThreads(Path proc, long boottimeOffsetNs, CgroupPaths cgroupPaths) {
        this.proc = proc;
        this.boottimeOffsetNs = boottimeOffsetNs;
        this.cgroupPaths = cgroupPaths;
    }

    /** True the first time a thread is seen. */
    boolean saw(int pid, int tid) {
        return saw(pid, tid, null);
    }

    /** True the first time a thread is seen; {@code comm} is what the event calls it. */
    boolean saw(int pid, int tid, String comm) {
        if (tid == 0 || known.contains(tid)) return false;
        if (known.size() >= MAX_TRACKED || pending == pendingTid.length) {
            skipped++;
            return false;
        }
        known.add(tid);
        pendingPid[pending] = pid;
        pendingTid[pending] = tid;
        pendingComm[pending] = comm;
        pending++;
        return true;
    }

    /**
     * A process's cgroup as its fork or exec record says it (the kernel's id): what its thread rows say if the process
     * is gone before /proc is read. Bounded; the oldest go first.
     */
    void cgroup(int pid, long cgroupId) {
        if (cgroupId > 0) kernelCgroups.put(pid, cgroupId);
    }

    private final Map<Integer, Long> kernelCgroups = new java.util.LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Long> eldest) {
            return size() > MAX_KERNEL_CGROUPS;
        }
    };
    private static final int MAX_KERNEL_CGROUPS = 1 << 16;
    private final CgroupPaths cgroupPaths;

    /** After exec the command line changed: describe the process again. */
    void exec(int pid, String comm) {
        // still waiting to be described (a short-lived child, exec'd as soon as forked): once, by its new name
        for (int i = pending - 1; i >= Math.max(0, pending - PENDING_SEARCH); i--) {
            if (pendingTid[i] == pid) {
                pendingComm[i] = comm;
                live.remove(pid);
                return;
            }
        }
        if (known.remove(pid)) saw(pid, pid, comm);
        live.remove(pid);
    }

    /** Remembers an exit, written as a final row by {@link #emit}. */
    void exit(int tid, long ts) {
        exits.put(tid, ts);
    }

    private final Map<Integer, Long> exits = new HashMap<>();

    /**
     * A ring recording's new epoch: every thread is described again when it next appears, so a dump's thread rows
     * are within one epoch of its events (older table segments leave the ring); live ones keep their details
     * for their exit row.
     */
    void newEpoch() {
        known.clear();
    }

    /** Threads seen but not described because the table was full. */
    long skipped() {
        return skipped;
    }

    /** Writes rows for newly seen threads (at most MAX_READS_PER_CYCLE) and for exits, stamped {@code ts}. */
    void emit(EventRows out, long ts) {
        emit(out, ts, System.nanoTime() + MAX_READ_NS_PER_CYCLE);
    }

    private void emit(EventRows out, long ts, long untilNs) {
        int max = Math.min(pending, MAX_READS_PER_CYCLE), n = 0;
        processes.clear(); // a process's command line and cgroup, read once for all its new threads of this cycle
        while (n < max && (n == 0 || System.nanoTime() - untilNs < 0)) {
            Info info = read(pendingPid[n], pendingTid[n], pendingComm[n]);
            live.put(info.tid(), info);
            write(out, ts, info, 0);
            n++;
        }
        System.arraycopy(pendingPid, n, pendingPid, 0, pending - n);
        System.arraycopy(pendingTid, n, pendingTid, 0, pending - n);
        System.arraycopy(pendingComm, n, pendingComm, 0, pending - n);
        java.util.Arrays.fill(pendingComm, pending - n, pending, null);
        pending -= n;
        for (var e : exits.entrySet()) {
            Info info = live.remove(e.getKey());
            if (info != null) write(out, ts, info, e.getValue());
            known.remove(e.getKey());
        }
        exits.clear();
    }

    /** At the end of a recording: every thread still waiting to be described, however many. */
    void emitAll(EventRows out, long ts) {
        do {
            emit(out, ts, Long.MAX_VALUE);
        } while (pending > 0);
    }

    /**
     * The last thread row's stamp. A thread's newest row is its description (the thread view keeps it), and rows of
     * cycles stamped alike (an encoder catching up stamps them all with the time it reached) would tie: a child
     * described by its fork's comm, then by its exec's, then at its exit, must not read as the fork's. So every row
     * is stamped at least a nanosecond after the one before.
     */
    private long lastStamp = Long.MIN_VALUE;

    private void write(EventRows out, long ts, Info t, long exitTs) {
        ts = Math.max(ts, lastStamp + 1);
        lastStamp = ts;
        int r = out.row(EventKind.THREAD, ts);
        EventBatch b = out.batch();
        b.setInt(Column.PID, r, t.pid());
        b.setInt(Column.TID, r, t.tid());
        b.setString(Column.COMM, r, t.comm());
        if (t.ppid() > 0) b.setInt(Column.PPID, r, t.ppid());
        b.setString(Column.CMDLINE, r, t.cmdline());
        b.setString(Column.CGROUP, r, t.cgroup());
        if (t.cgroupId() > 0) b.setLong(Column.CGROUP_ID, r, t.cgroupId());
        if (t.startTs() != 0) b.setLong(Column.START_TS, r, t.startTs());
        if (exitTs != 0) b.setLong(Column.EXIT_TS, r, exitTs);
    }

    private Info read(int pid, int tid, String seenAs) {
        Path task = proc.resolve(Integer.toString(pid)).resolve("task").resolve(Integer.toString(tid));
        String comm = null;
        int ppid = 0;
        long start = 0;
        String stat = text(task.resolve("stat"));
        if (stat != null) {
            int l = stat.indexOf('('), r = stat.lastIndexOf(')');
            if (l >= 0 && r > l) {
                comm = stat.substring(l + 1, r);
                String[] f = stat.substring(r + 2).split(" ");
                // After "(comm) ": state ppid ... starttime is field 22 of stat, index 19 here.
                if (f.length > 19) {
                    ppid = Integer.parseInt(f[1]);
                    start = Long.parseLong(f[19]) * TICK_NS - boottimeOffsetNs;
                }
            }
        }
        ProcessInfo p = processes.computeIfAbsent(pid, this::readProcess);
        return new Info(pid, tid, comm != null ? comm : seenAs, ppid, p.cmdline(), p.cgroup(), p.cgroupId(), start);
    }

    private record ProcessInfo(String cmdline, String cgroup, long cgroupId) {}

    private final Map<Integer, ProcessInfo> processes = new HashMap<>();

    private ProcessInfo readProcess(int pid) {
        String cmdline = null, cgroup = null;
        long cgid = 0;
        String cmd = text(proc.resolve(Integer.toString(pid)).resolve("cmdline"));
        if (cmd != null && !cmd.isEmpty()) cmdline = cmd.replace('\0', ' ').strip();
        String cg = text(proc.resolve(Integer.toString(pid)).resolve("cgroup"));
        if (cg != null) {
            for (String line : cg.split("\n")) {
                if (line.startsWith("0::")) {
                    cgroup = line.substring(3).strip();
                    cgid = cgroupId(cgroup);
                }
            }
        }
        Long fromKernel = kernelCgroups.get(pid);
        if (cgroup == null && fromKernel != null) { // gone already: its fork or exec record said where it ran
            cgid = fromKernel;
            cgroup = cgroupPaths.path(cgid);
        }
        return new ProcessInfo(cmdline, cgroup, cgid);
    }

    private static long cgroupId(String path) {
        try {
            Object ino = Files.getAttribute(Path.of("/sys/fs/cgroup" + path), "unix:ino");
            return ((Number) ino).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static String text(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException | RuntimeException e) {
            return null; // the thread already exited: keep what the events say
        }
    }

    /** An open-addressing set of positive ints (tids), without boxing; removal leaves a tombstone. */
    static final class IntSet {
        private static final int TOMBSTONE = -1;
        private int[] slots = new int[1 << 12];
        private int size;
        private int used;

        boolean contains(int v) {
            int m = slots.length - 1;
            for (int i = hash(v) & m; ; i = (i + 1) & m) {
                if (slots[i] == v) return true;
                if (slots[i] == 0) return false;
            }
        }

        void add(int v) {
            if (contains(v)) return;
            if ((used + 1) * 2 > slots.length) rehash(size * 4 > slots.length ? slots.length * 2 : slots.length);
            int m = slots.length - 1;
            int i = hash(v) & m;
            while (slots[i] != 0) i = (i + 1) & m;
            slots[i] = v;
            size++;
            used++;
        }

        boolean remove(int v) {
            int m = slots.length - 1;
            for (int i = hash(v) & m; ; i = (i + 1) & m) {
                if (slots[i] == v) {
                    slots[i] = TOMBSTONE;
                    size--;
                    return true;
                }
                if (slots[i] == 0) return false;
            }
        }

        int size() {
            return size;
        }

        void clear() {
            slots = new int[1 << 12];
            size = 0;
            used = 0;
        }

        private void rehash(int capacity) {
            int[] old = slots;
            slots = new int[capacity];
            size = 0;
            used = 0;
            for (int x : old) if (x > 0) add(x);
        }

        private static int hash(int v) {
            return v * 0x9E3779B9;
        }
    }
}
