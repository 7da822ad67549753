package dev.jrec.recorder;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

import dev.jrec.bpf.events.EventFlags;
import dev.jrec.bpf.events.EventLayouts;
import dev.jrec.bpf.perf.StackEvents;
import dev.jrec.bpf.ringbuf.RecordHandler;
import dev.jrec.recorder.stacks.RowSink;
import dev.jrec.recorder.stacks.StackLookup;
import dev.jrec.recorder.stacks.StackTable;
import dev.jrec.formats.schema.Column;
import dev.jrec.formats.schema.EventKind;
import dev.jrec.formats.write.EventBatch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes ring buffer records (bpf/jrec_events.h) straight into capture rows, without allocating per
 * event: fields are read at fixed offsets and comms come from a cache.
 */
final class EventRows implements RecordHandler, RowSink {
    /** Where decoded rows go; {@link #next} hands over a full batch and returns an empty one. */
    interface Sink {
        EventBatch next(EventBatch full);
    }

    static long off(StructLayout l, String... path) {
        var elems = new java.lang.foreign.MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) elems[i] = groupElement(path[i]);
        return l.byteOffset(elems);
    }

    private static final StructLayout H = EventLayouts.HDR;
    private static final long H_KIND = off(H, "kind"), H_CPU = off(H, "cpu"), H_PID = off(H, "pid"), H_TID = off(H, "tid"),
            H_FLAGS = off(H, "flags"), H_TS = off(H, "ts"), H_COMM = off(H, "comm");
    private static final StructLayout SW = EventLayouts.SCHED_SWITCH;
    private static final long SW_NEXT_PID = off(SW, "next_pid"), SW_NEXT_TID = off(SW, "next_tid"), SW_PREV_PRIO = off(SW, "prev_prio"),
            SW_NEXT_PRIO = off(SW, "next_prio"), SW_STATE = off(SW, "prev_state"), SW_ONCPU = off(SW, "prev_oncpu_ns"),
            SW_WAIT = off(SW, "next_rq_wait_ns"), SW_NEXT_COMM = off(SW, "next_comm");
    private static final StructLayout WK = EventLayouts.SCHED_WAKEUP;
    private static final long WK_PID = off(WK, "target_pid"), WK_TID = off(WK, "target_tid"), WK_PRIO = off(WK, "target_prio"),
            WK_CPU = off(WK, "target_cpu"), WK_ORIG = off(WK, "orig_cpu"), WK_COMM = off(WK, "target_comm");
    private static final StructLayout EX = EventLayouts.PROC_EXEC;
    private static final long EX_PPID = off(EX, "ppid"), EX_ARGS_LEN = off(EX, "args_len"), EX_FILE = off(EX, "filename"), EX_ARGS = off(EX, "args");
    private static final StructLayout FK = EventLayouts.PROC_FORK;
    private static final long FK_PID = off(FK, "child_pid"), FK_TID = off(FK, "child_tid");
    private static final long XT_CODE = off(EventLayouts.PROC_EXIT, "exit_code");
    private static final StructLayout BL = EventLayouts.BLOCK;
    private static final long BL_DEV = off(BL, "dev"), BL_BYTES = off(BL, "nr_bytes"), BL_SECTOR = off(BL, "sector"),
            BL_LAT = off(BL, "latency_ns"), BL_IPID = off(BL, "issue_pid"), BL_ITID = off(BL, "issue_tid"),
            BL_RWBS = off(BL, "rwbs"), BL_ICOMM = off(BL, "issue_comm");
    private static final StructLayout SC = EventLayouts.SYSCALL;
    private static final long SC_ID = off(SC, "id"), SC_DUR = off(SC, "duration_ns"), SC_RET = off(SC, "ret"), SC_FLAGS = off(SC, "flags");
    private static final long SC_PATH = off(EventLayouts.SYSCALL_PATH, "path");

    private final Sink sink;
    private final CommCache comms = new CommCache();
    private final CommCache shortStrings = new CommCache();
    private final DiskNames disks = new DiskNames();
    private final SeenThreads seen;
    private EventBatch batch;
    private long newestTs;
    private long drainNewestTs = Long.MIN_VALUE;
    private long unknownRecords;

    EventRows(Sink sink, SeenThreads seen) {
        this.sink = sink;
        this.seen = seen;
        this.batch = sink.next(null);
    }

    /** Newest ts decoded so far: rows jrec adds itself (loss, threads) take it, to stay in order. */
    long newestTs() {
        return newestTs;
    }

    /** Starts a ring's drain: {@link #drainNewestTs} is then the newest ts decoded from it. */
    void startDrain() {
        drainNewestTs = Long.MIN_VALUE;
    }

    long drainNewestTs() {
        return drainNewestTs;
    }

    long unknownRecords() {
        return unknownRecords;
    }

    /** Hands the rows decoded so far to the sink. */
    void flush() {
        if (batch.size() > 0) batch = sink.next(batch);
    }

    /** Adds a row and returns its index, first handing over the batch if it is full. */
    @Override
    public int row(EventKind kind, long ts) {
        if (batch.isFull()) batch = sink.next(batch);
        if (ts > newestTs) newestTs = ts;
        if (ts > drainNewestTs) drainNewestTs = ts;
        return batch.add(kind, ts);
    }

    @Override
    public EventBatch batch() {
        return batch;
    }

    /** Stack sources' maps and the table that dedups and symbolizes their stacks; null without them. */
    record Stacks(StackTable table, StackLookup profile, StackLookup offcpu) {}

    private Stacks stacks;

    void stacks(Stacks s) {
        this.stacks = s;
    }

    @Override
    public void onRecord(MemorySegment s, long o, int len) {
        int kind = s.get(JAVA_SHORT_UNALIGNED, o + H_KIND);
        switch (kind) {
            case dev.jrec.bpf.events.EventKind.SCHED_SWITCH -> schedSwitch(s, o);
            case dev.jrec.bpf.events.EventKind.SCHED_WAKEUP -> wakeup(s, o, EventKind.SCHED_WAKEUP);
            case dev.jrec.bpf.events.EventKind.SCHED_WAKEUP_NEW -> wakeup(s, o, EventKind.SCHED_WAKEUP_NEW);
            case dev.jrec.bpf.events.EventKind.SCHED_MIGRATE -> migrate(s, o);
            case dev.jrec.bpf.events.EventKind.PROC_EXEC -> exec(s, o);
            case dev.jrec.bpf.events.EventKind.PROC_FORK -> fork(s, o);
            case dev.jrec.bpf.events.EventKind.PROC_EXIT -> exit(s, o);
            case dev.jrec.bpf.events.EventKind.BLOCK_RQ_ISSUE, dev.jrec.bpf.events.EventKind.BLOCK_IO_START -> block(s, o, EventKind.BLOCK_RQ_ISSUE);
            case dev.jrec.bpf.events.EventKind.BLOCK_RQ_COMPLETE, dev.jrec.bpf.events.EventKind.BLOCK_IO_DONE -> block(s, o, EventKind.BLOCK_RQ_COMPLETE);
            case dev.jrec.bpf.events.EventKind.SYSCALL -> syscall(s, o, false);
            case dev.jrec.bpf.events.EventKind.SYSCALL_PATH -> syscall(s, o, len >= SC_PATH + EventLayouts.PATH_LEN);
            case dev.jrec.bpf.events.EventKind.CPU_SAMPLE -> sample(s, o);
            case dev.jrec.bpf.events.EventKind.OFFCPU -> offcpu(s, o);
            default -> unknownRecords++;
        }
    }

    private int header(MemorySegment s, long o, EventKind kind, long ts) {
        int r = row(kind, ts);
        EventBatch b = batch;
        b.setInt(Column.CPU, r, s.get(JAVA_SHORT_UNALIGNED, o + H_CPU) & 0xffff);
        int pid = s.get(JAVA_INT_UNALIGNED, o + H_PID), tid = s.get(JAVA_INT_UNALIGNED, o + H_TID);
        b.setInt(Column.PID, r, pid);
        b.setInt(Column.TID, r, tid);
        b.setString(Column.COMM, r, comms.get(s, o + H_COMM));
        saw(pid, tid);
        return r;
    }

    /** comm of each process when its mappings were snapshotted: interned, so compared by identity. */
    private final java.util.HashMap<Integer, String> snapshotComm = new java.util.HashMap<>();

    /**
     * exec replaces a process's mappings, and without the proc source no exec event says so; a changed
     * comm of the main thread (exec renames it; other threads have names of their own) is the sign, so
     * the stale snapshot is replaced before symbolizing — unless the process is gone, when the old
     * snapshot is all there is.
     */
    private void refreshIfExeced(int pid, int tid, String comm) {
        if (pid <= 0 || tid != pid) return;
        String before = snapshotComm.put(pid, comm);
        if (before != null && before != comm && java.nio.file.Files.isReadable(java.nio.file.Path.of("/proc/" + pid + "/maps"))) {
            stacks.table().forgetProcess(pid);
            stacks.table().processSeen(pid);
        }
    }

    /** A thread's first appearance: describe it, and snapshot its mappings while the process exists. */
    private void saw(int pid, int tid) {
        if (seen.saw(pid, tid) && stacks != null && pid > 0) stacks.table().processSeen(pid);
    }

    private static long ts(MemorySegment s, long o) {
        return s.get(JAVA_LONG_UNALIGNED, o + H_TS);
    }

    private void schedSwitch(MemorySegment s, long o) {
        int r = header(s, o, EventKind.SCHED_SWITCH, ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.PRIO, r, s.get(JAVA_INT_UNALIGNED, o + SW_PREV_PRIO));
        b.setLong(Column.PREV_STATE, r, s.get(JAVA_LONG_UNALIGNED, o + SW_STATE));
        int npid = s.get(JAVA_INT_UNALIGNED, o + SW_NEXT_PID), ntid = s.get(JAVA_INT_UNALIGNED, o + SW_NEXT_TID);
        b.setInt(Column.NEXT_PID, r, npid);
        b.setInt(Column.NEXT_TID, r, ntid);
        b.setString(Column.NEXT_COMM, r, comms.get(s, o + SW_NEXT_COMM));
        b.setInt(Column.NEXT_PRIO, r, s.get(JAVA_INT_UNALIGNED, o + SW_NEXT_PRIO));
        long oncpu = s.get(JAVA_LONG_UNALIGNED, o + SW_ONCPU), wait = s.get(JAVA_LONG_UNALIGNED, o + SW_WAIT);
        if (oncpu > 0) b.setLong(Column.DUR_NS, r, oncpu);
        if (wait > 0) b.setLong(Column.WAIT_NS, r, wait);
        saw(npid, ntid);
    }

    /** hdr is the waker; the row's subject is the woken task. */
    private void wakeup(MemorySegment s, long o, EventKind kind) {
        int r = row(kind, ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, s.get(JAVA_SHORT_UNALIGNED, o + H_CPU) & 0xffff);
        target(s, o, r);
        b.setInt(Column.PRIO, r, s.get(JAVA_INT_UNALIGNED, o + WK_PRIO));
        b.setInt(Column.TARGET_CPU, r, s.get(JAVA_INT_UNALIGNED, o + WK_CPU));
        b.setInt(Column.WAKER_TID, r, s.get(JAVA_INT_UNALIGNED, o + H_TID));
    }

    private void migrate(MemorySegment s, long o) {
        int r = row(EventKind.SCHED_MIGRATE, ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, s.get(JAVA_SHORT_UNALIGNED, o + H_CPU) & 0xffff);
        target(s, o, r);
        b.setInt(Column.ORIG_CPU, r, s.get(JAVA_INT_UNALIGNED, o + WK_ORIG));
        b.setInt(Column.TARGET_CPU, r, s.get(JAVA_INT_UNALIGNED, o + WK_CPU));
    }

    private void target(MemorySegment s, long o, int r) {
        int pid = s.get(JAVA_INT_UNALIGNED, o + WK_PID), tid = s.get(JAVA_INT_UNALIGNED, o + WK_TID);
        batch.setInt(Column.PID, r, pid);
        batch.setInt(Column.TID, r, tid);
        batch.setString(Column.COMM, r, comms.get(s, o + WK_COMM));
        saw(pid, tid);
    }

    private void exec(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_EXEC, ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.PPID, r, s.get(JAVA_INT_UNALIGNED, o + EX_PPID));
        b.setString(Column.FILENAME, r, CommCache.decode(s, o + EX_FILE, EventLayouts.PATH_LEN));
        int argsLen = Math.min(s.get(JAVA_INT_UNALIGNED, o + EX_ARGS_LEN), EventLayouts.ARGS_LEN);
        b.setStrings(Column.ARGV, r, argv(s, o + EX_ARGS, argsLen));
        int pid = s.get(JAVA_INT_UNALIGNED, o + H_PID);
        seen.exec(pid);
        if (stacks != null) { // new binaries from now on
            stacks.table().forgetProcess(pid);
            stacks.table().processSeen(pid);
        }
    }

    /** NUL-separated arguments; a last argument cut by the size bound is kept as far as it goes. */
    static String[] argv(MemorySegment s, long off, int len) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= len; i++) {
            if (i == len || s.get(JAVA_BYTE, off + i) == 0) {
                if (i > start || i < len) out.add(CommCache.decode(s, off + start, i - start));
                start = i + 1;
            }
        }
        if (!out.isEmpty() && out.getLast().isEmpty()) out.removeLast();
        return out.toArray(String[]::new);
    }

    private void fork(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_FORK, ts(s, o));
        batch.setInt(Column.CHILD_PID, r, s.get(JAVA_INT_UNALIGNED, o + FK_PID));
        batch.setInt(Column.CHILD_TID, r, s.get(JAVA_INT_UNALIGNED, o + FK_TID));
    }

    private void exit(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_EXIT, ts(s, o));
        batch.setInt(Column.EXIT_CODE, r, s.get(JAVA_INT_UNALIGNED, o + XT_CODE));
        seen.exit(s.get(JAVA_INT_UNALIGNED, o + H_TID), ts(s, o));
    }

    private void block(MemorySegment s, long o, EventKind kind) {
        int r = row(kind, ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, s.get(JAVA_SHORT_UNALIGNED, o + H_CPU) & 0xffff);
        int ipid = s.get(JAVA_INT_UNALIGNED, o + BL_IPID);
        boolean issuer = ipid != 0; // the submitter, for an issue too: a scheduler's requests issue from kblockd
        b.setInt(Column.PID, r, issuer ? ipid : s.get(JAVA_INT_UNALIGNED, o + H_PID));
        b.setInt(Column.TID, r, issuer ? s.get(JAVA_INT_UNALIGNED, o + BL_ITID) : s.get(JAVA_INT_UNALIGNED, o + H_TID));
        b.setString(Column.COMM, r, comms.get(s, o + (issuer ? BL_ICOMM : H_COMM)));
        int dev = s.get(JAVA_INT_UNALIGNED, o + BL_DEV);
        b.setInt(Column.DEV, r, dev);
        b.setString(Column.DISK, r, disks.name(dev));
        b.setLong(Column.SECTOR, r, s.get(JAVA_LONG_UNALIGNED, o + BL_SECTOR));
        b.setLong(Column.BYTES, r, s.get(JAVA_INT_UNALIGNED, o + BL_BYTES) & 0xffffffffL);
        b.setString(Column.RWBS, r, shortStrings.get8(s, o + BL_RWBS));
        int flags = s.get(JAVA_INT_UNALIGNED, o + H_FLAGS);
        if (kind == EventKind.BLOCK_RQ_COMPLETE && (flags & EventFlags.NO_START) == 0) {
            b.setLong(Column.DUR_NS, r, s.get(JAVA_LONG_UNALIGNED, o + BL_LAT));
        }
    }

    /** Stack and frame rows are written first (same ts), so they precede the sample that names them. */
    private void sample(MemorySegment s, long o) {
        long ts = ts(s, o);
        int pid = s.get(JAVA_INT_UNALIGNED, o + H_PID);
        refreshIfExeced(pid, s.get(JAVA_INT_UNALIGNED, o + H_TID), comms.get(s, o + H_COMM));
        long stack = stacks.table().stackId(this, ts, pid, stacks.profile(),
                s.get(JAVA_INT_UNALIGNED, o + StackEvents.SAMPLE_KSTACK), s.get(JAVA_INT_UNALIGNED, o + StackEvents.SAMPLE_USTACK),
                false, StackEvents.userRegs(s, o, -1));
        int r = header(s, o, EventKind.CPU_SAMPLE, ts);
        if (stack != StackTable.NONE) batch.setLong(Column.STACK_ID, r, stack);
    }

    private void offcpu(MemorySegment s, long o) {
        long ts = ts(s, o);
        int pid = s.get(JAVA_INT_UNALIGNED, o + H_PID);
        refreshIfExeced(pid, s.get(JAVA_INT_UNALIGNED, o + H_TID), comms.get(s, o + H_COMM));
        long stack = stacks.table().stackId(this, ts, pid, stacks.offcpu(),
                s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_KSTACK), s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_USTACK), true,
                StackEvents.userRegs(s, o, -1));
        boolean waker = (s.get(JAVA_INT_UNALIGNED, o + H_FLAGS) & StackEvents.F_WAKER) != 0;
        long wakerStack = StackTable.NONE;
        if (waker) {
            wakerStack = stacks.table().stackId(this, ts, s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_WAKER_PID), stacks.offcpu(),
                    s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_WAKER_KSTACK), s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_WAKER_USTACK), true);
        }
        int r = header(s, o, EventKind.OFFCPU, ts);
        EventBatch b = batch;
        b.setLong(Column.DUR_NS, r, s.get(JAVA_LONG_UNALIGNED, o + StackEvents.OFF_DUR));
        b.setLong(Column.PREV_STATE, r, s.get(JAVA_LONG_UNALIGNED, o + StackEvents.OFF_STATE));
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
        if (waker) b.setInt(Column.WAKER_TID, r, s.get(JAVA_INT_UNALIGNED, o + StackEvents.OFF_WAKER_TID));
        if (wakerStack != StackTable.NONE) b.setLong(Column.WAKER_STACK_ID, r, wakerStack);
    }

    /** The record's ts is the entry; the row's is the exit, so that rows stay in emission order. */
    private void syscall(MemorySegment s, long o, boolean withPath) {
        long dur = s.get(JAVA_LONG_UNALIGNED, o + SC_DUR);
        int r = header(s, o, EventKind.SYSCALL, ts(s, o) + dur);
        EventBatch b = batch;
        int id = s.get(JAVA_INT_UNALIGNED, o + SC_ID);
        b.setInt(Column.SYSCALL_NR, r, id);
        b.setString(Column.SYSCALL, r, SyscallNames.name(id));
        b.setLong(Column.DUR_NS, r, dur);
        b.setLong(Column.RET, r, s.get(JAVA_LONG_UNALIGNED, o + SC_RET));
        if (withPath) {
            b.setString(Column.PATH, r, CommCache.decode(s, o + SC_PATH, EventLayouts.PATH_LEN));
            b.setLong(Column.FLAGS, r, s.get(JAVA_LONG_UNALIGNED, o + SC_FLAGS));
        }
    }
}
