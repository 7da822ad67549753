package dev.jrec.recorder;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.jrec.bpf.events.EventDecoder;
import dev.jrec.bpf.events.EventDecoder.Block;
import dev.jrec.bpf.events.EventDecoder.CpuSample;
import dev.jrec.bpf.events.EventDecoder.Fault;
import dev.jrec.bpf.events.EventDecoder.Hardirq;
import dev.jrec.bpf.events.EventDecoder.Futex;
import dev.jrec.bpf.events.EventDecoder.Hdr;
import dev.jrec.bpf.events.EventDecoder.LockContention;
import dev.jrec.bpf.events.EventDecoder.OffCpu;
import dev.jrec.bpf.events.EventDecoder.OomKill;
import dev.jrec.bpf.events.EventDecoder.ProcExec;
import dev.jrec.bpf.events.EventDecoder.ProcExit;
import dev.jrec.bpf.events.EventDecoder.ProcFork;
import dev.jrec.bpf.events.EventDecoder.Reclaim;
import dev.jrec.bpf.events.EventDecoder.Rss;
import dev.jrec.bpf.events.EventDecoder.SchedSwitch;
import dev.jrec.bpf.events.EventDecoder.SchedWakeup;
import dev.jrec.bpf.events.EventDecoder.Signal;
import dev.jrec.bpf.events.EventDecoder.Softirq;
import dev.jrec.bpf.events.EventDecoder.Syscall;
import dev.jrec.bpf.events.EventDecoder.Tcp;
import dev.jrec.bpf.events.EventDecoder.Uprobe;
import dev.jrec.bpf.events.EventDecoder.UprobeUstack;
import dev.jrec.bpf.events.InetText;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Turns ring buffer records, as bpf's EventDecoder reads them, straight into capture rows, without
 * allocating per event: fields are read in place and comms come from a cache.
 */
final class EventRows implements RecordHandler, EventDecoder.Handler, RowSink {
    /** Where decoded rows go; {@link #next} hands over a full batch and returns an empty one. */
    interface Sink {
        EventBatch next(EventBatch full);
    }

    private final Sink sink;
    private final CommCache comms = new CommCache();
    private final CommCache shortStrings = new CommCache();
    private final DiskNames disks = new DiskNames();
    private final IrqNames irqs = new IrqNames();
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
    record Stacks(StackTable table, StackLookup profile, StackLookup offcpu, StackLookup mem, StackLookup lock, StackLookup uprobe) {}

    private Stacks stacks;

    void stacks(Stacks s) {
        this.stacks = s;
    }

    /** A ring recording's epoch ends: threads, stacks and frames are described again as events next refer to them. */
    void newEpoch() {
        seen.newEpoch();
        if (stacks != null) stacks.table().newEpoch();
        connIds.forgetClosed();
        epochs++;
    }

    private long epochs;

    /** Epochs begun by {@link #newEpoch}. */
    long epochs() {
        return epochs;
    }

    @Override
    public void onRecord(MemorySegment s, long o, int len) {
        EventDecoder.decode(s, o, len, this);
    }

    @Override
    public void unknown(MemorySegment s, long o, int len) {
        unknownRecords++;
    }

    private int header(MemorySegment s, long o, EventKind kind, long ts) {
        int r = row(kind, ts);
        EventBatch b = batch;
        b.setInt(Column.CPU, r, Hdr.cpu(s, o));
        int pid = Hdr.pid(s, o), tid = Hdr.tid(s, o);
        b.setInt(Column.PID, r, pid);
        b.setInt(Column.TID, r, tid);
        String comm = comms.get(s, Hdr.commAt(o));
        b.setString(Column.COMM, r, comm);
        saw(pid, tid, comm);
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
    private void saw(int pid, int tid, String comm) {
        if (seen.saw(pid, tid, comm) && stacks != null && pid > 0) stacks.table().processSeen(pid);
    }

    @Override
    public void schedSwitch(MemorySegment s, long o) {
        int r = header(s, o, EventKind.SCHED_SWITCH, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.PRIO, r, SchedSwitch.prevPrio(s, o));
        b.setLong(Column.PREV_STATE, r, SchedSwitch.prevState(s, o));
        int npid = SchedSwitch.nextPid(s, o), ntid = SchedSwitch.nextTid(s, o);
        b.setInt(Column.NEXT_PID, r, npid);
        b.setInt(Column.NEXT_TID, r, ntid);
        String nextComm = comms.get(s, SchedSwitch.nextCommAt(o));
        b.setString(Column.NEXT_COMM, r, nextComm);
        b.setInt(Column.NEXT_PRIO, r, SchedSwitch.nextPrio(s, o));
        long oncpu = SchedSwitch.prevOncpuNs(s, o), wait = SchedSwitch.nextRqWaitNs(s, o);
        if (oncpu > 0) b.setLong(Column.DUR_NS, r, oncpu);
        if (wait > 0) b.setLong(Column.WAIT_NS, r, wait);
        saw(npid, ntid, nextComm);
    }

    @Override
    public void schedWakeup(MemorySegment s, long o, int kind) {
        switch (kind) {
            case dev.jrec.bpf.events.EventKind.SCHED_WAKEUP -> wakeup(s, o, EventKind.SCHED_WAKEUP);
            case dev.jrec.bpf.events.EventKind.SCHED_WAKEUP_NEW -> wakeup(s, o, EventKind.SCHED_WAKEUP_NEW);
            default -> migrate(s, o);
        }
    }

    /** hdr is the waker; the row's subject is the woken task. */
    private void wakeup(MemorySegment s, long o, EventKind kind) {
        int r = row(kind, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, Hdr.cpu(s, o));
        target(s, o, r);
        b.setInt(Column.PRIO, r, SchedWakeup.targetPrio(s, o));
        b.setInt(Column.TARGET_CPU, r, SchedWakeup.targetCpu(s, o));
        b.setInt(Column.WAKER_TID, r, Hdr.tid(s, o));
    }

    private void migrate(MemorySegment s, long o) {
        int r = row(EventKind.SCHED_MIGRATE, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, Hdr.cpu(s, o));
        target(s, o, r);
        b.setInt(Column.ORIG_CPU, r, SchedWakeup.origCpu(s, o));
        b.setInt(Column.TARGET_CPU, r, SchedWakeup.targetCpu(s, o));
    }

    private void target(MemorySegment s, long o, int r) {
        int pid = SchedWakeup.targetPid(s, o), tid = SchedWakeup.targetTid(s, o);
        batch.setInt(Column.PID, r, pid);
        batch.setInt(Column.TID, r, tid);
        String comm = comms.get(s, SchedWakeup.targetCommAt(o));
        batch.setString(Column.COMM, r, comm);
        saw(pid, tid, comm);
    }

    @Override
    public void procExec(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_EXEC, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.PPID, r, ProcExec.ppid(s, o));
        b.setString(Column.FILENAME, r, CommCache.decode(s, ProcExec.filenameAt(o), EventLayouts.PATH_LEN));
        int argsLen = ProcExec.argsLen(s, o);
        b.setStrings(Column.ARGV, r, argv(s, ProcExec.argsAt(o), argsLen));
        int pid = Hdr.pid(s, o);
        seen.cgroup(pid, ProcExec.cgroupId(s, o));
        seen.exec(pid, comms.get(s, Hdr.commAt(o)));
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

    @Override
    public void procFork(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_FORK, Hdr.ts(s, o));
        batch.setInt(Column.CHILD_PID, r, ProcFork.childPid(s, o));
        batch.setInt(Column.CHILD_TID, r, ProcFork.childTid(s, o));
        seen.cgroup(ProcFork.childPid(s, o), ProcFork.cgroupId(s, o));
    }

    @Override
    public void procExit(MemorySegment s, long o) {
        int r = header(s, o, EventKind.PROC_EXIT, Hdr.ts(s, o));
        batch.setInt(Column.EXIT_CODE, r, ProcExit.exitCode(s, o));
        seen.exit(Hdr.tid(s, o), Hdr.ts(s, o));
        if (Hdr.tid(s, o) == Hdr.pid(s, o)) fds.exited(Hdr.pid(s, o)); // its pid may be another process's next
    }

    @Override
    public void oomKill(MemorySegment s, long o) {
        int r = header(s, o, EventKind.OOM_KILL, Hdr.ts(s, o));
        long rssKb = OomKill.anonRssKb(s, o) + OomKill.fileRssKb(s, o) + OomKill.shmemRssKb(s, o);
        if (rssKb > 0) batch.setLong(Column.BYTES, r, rssKb * 1024);
        batch.setInt(Column.OOM_SCORE_ADJ, r, OomKill.oomScoreAdj(s, o));
    }

    private static final String[] SIGNAL_RESULTS = {"delivered", "ignored", "already_pending", "overflow_fail", "lose_info"};

    @Override
    public void signal(MemorySegment s, long o) {
        int r = header(s, o, EventKind.SIGNAL, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.SIGNAL, r, Signal.sig(s, o));
        b.setInt(Column.TARGET_PID, r, Signal.targetPid(s, o));
        b.setInt(Column.TARGET_TID, r, Signal.targetTid(s, o));
        b.setString(Column.TARGET_COMM, r, comms.get(s, Signal.targetCommAt(o)));
        int result = Signal.result(s, o);
        b.setString(Column.REASON, r, result >= 0 && result < SIGNAL_RESULTS.length ? SIGNAL_RESULTS[result] : "result " + result);
    }

    @Override
    public void hungTask(MemorySegment s, long o) {
        int r = header(s, o, EventKind.HUNG_TASK, Hdr.ts(s, o));
        batch.setLong(Column.PREV_STATE, r, EventDecoder.HungTask.state(s, o));
    }

    /** io_start/io_done (bio-based devices) make the same rows as rq_issue/rq_complete. */
    @Override
    public void block(MemorySegment s, long o, int kind) {
        boolean issue = kind == dev.jrec.bpf.events.EventKind.BLOCK_RQ_ISSUE || kind == dev.jrec.bpf.events.EventKind.BLOCK_IO_START;
        blockRow(s, o, issue ? EventKind.BLOCK_RQ_ISSUE : EventKind.BLOCK_RQ_COMPLETE);
    }

    private void blockRow(MemorySegment s, long o, EventKind kind) {
        int r = row(kind, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setInt(Column.CPU, r, Hdr.cpu(s, o));
        int ipid = Block.issuePid(s, o);
        boolean issuer = ipid != 0; // the submitter, for an issue too: a scheduler's requests issue from kblockd
        b.setInt(Column.PID, r, issuer ? ipid : Hdr.pid(s, o));
        b.setInt(Column.TID, r, issuer ? Block.issueTid(s, o) : Hdr.tid(s, o));
        b.setString(Column.COMM, r, comms.get(s, issuer ? Block.issueCommAt(o) : Hdr.commAt(o)));
        int dev = Block.dev(s, o);
        b.setInt(Column.DEV, r, dev);
        b.setString(Column.DISK, r, disks.name(dev));
        b.setLong(Column.SECTOR, r, Block.sector(s, o));
        b.setLong(Column.BYTES, r, Block.nrBytes(s, o) & 0xffffffffL);
        b.setString(Column.RWBS, r, shortStrings.get8(s, Block.rwbsAt(o)));
        int flags = Hdr.flags(s, o);
        if (kind == EventKind.BLOCK_RQ_COMPLETE && (flags & EventFlags.NO_START) == 0) {
            b.setLong(Column.DUR_NS, r, Block.latencyNs(s, o));
        }
    }

    /**
     * Stack and frame rows are written first (same ts), so they precede the sample that names them. Without
     * stacks (a recovery: the recorder's stack maps died with it) the row has no stack id.
     */
    @Override
    public void cpuSample(MemorySegment s, long o) {
        long ts = Hdr.ts(s, o);
        int pid = Hdr.pid(s, o);
        long stack = StackTable.NONE;
        if (stacks != null) {
            refreshIfExeced(pid, Hdr.tid(s, o), comms.get(s, Hdr.commAt(o)));
            stack = stacks.table().stackId(this, ts, pid, stacks.profile(),
                    CpuSample.kstackId(s, o), CpuSample.ustackId(s, o),
                    false, StackEvents.userRegs(s, o, -1));
        }
        int r = header(s, o, EventKind.CPU_SAMPLE, ts);
        if (stack != StackTable.NONE) batch.setLong(Column.STACK_ID, r, stack);
    }

    @Override
    public void offCpu(MemorySegment s, long o) {
        long ts = Hdr.ts(s, o);
        int pid = Hdr.pid(s, o);
        long stack = StackTable.NONE;
        if (stacks != null) {
            refreshIfExeced(pid, Hdr.tid(s, o), comms.get(s, Hdr.commAt(o)));
            stack = stacks.table().stackId(this, ts, pid, stacks.offcpu(),
                    OffCpu.kstackId(s, o), OffCpu.ustackId(s, o), true,
                    StackEvents.userRegs(s, o, -1));
        }
        boolean waker = (Hdr.flags(s, o) & EventFlags.WAKER) != 0;
        long wakerStack = StackTable.NONE;
        if (waker && stacks != null) {
            wakerStack = stacks.table().stackId(this, ts, OffCpu.wakerPid(s, o), stacks.offcpu(),
                    OffCpu.wakerKstackId(s, o), OffCpu.wakerUstackId(s, o), true);
        }
        int r = header(s, o, EventKind.OFFCPU, ts);
        EventBatch b = batch;
        b.setLong(Column.DUR_NS, r, OffCpu.durationNs(s, o));
        b.setLong(Column.PREV_STATE, r, OffCpu.state(s, o));
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
        if (waker) b.setInt(Column.WAKER_TID, r, OffCpu.wakerTid(s, o));
        if (wakerStack != StackTable.NONE) b.setLong(Column.WAKER_STACK_ID, r, wakerStack);
    }

    private TcpNames tcpNames;
    private final ConnIds connIds = new ConnIds();

    /** Names for net rows, built before recording (it reads BTF and kallsyms); else built at the first TCP record. */
    void tcpNames(TcpNames names) {
        this.tcpNames = names;
    }

    @Override
    public void tcp(MemorySegment s, long o, int kind) {
        if (tcpNames == null) tcpNames = new TcpNames();
        EventKind k = switch (kind) {
            case dev.jrec.bpf.events.EventKind.TCP_STATE -> EventKind.TCP_STATE;
            case dev.jrec.bpf.events.EventKind.TCP_ACCEPT -> EventKind.TCP_ACCEPT;
            case dev.jrec.bpf.events.EventKind.TCP_RETRANSMIT -> EventKind.TCP_RETRANSMIT;
            case dev.jrec.bpf.events.EventKind.TCP_SEND_RESET -> EventKind.TCP_SEND_RESET;
            case dev.jrec.bpf.events.EventKind.TCP_RECEIVE_RESET -> EventKind.TCP_RECEIVE_RESET;
            case dev.jrec.bpf.events.EventKind.TCP_BYTES -> EventKind.TCP_BYTES;
            default -> EventKind.TCP_DROP;
        };
        // the owner when net.bpf.c knew it; pid 0 there means nobody, not the idle task: left null
        int r = Hdr.pid(s, o) != 0 ? header(s, o, k, Hdr.ts(s, o)) : row(k, Hdr.ts(s, o));
        EventBatch b = batch;
        if (Hdr.pid(s, o) == 0) b.setInt(Column.CPU, r, Hdr.cpu(s, o));
        int family = Tcp.family(s, o);
        b.setString(Column.SADDR, r, InetText.of(s, Tcp.saddrAt(o), family));
        b.setString(Column.DADDR, r, InetText.of(s, Tcp.daddrAt(o), family));
        b.setInt(Column.SPORT, r, Tcp.sport(s, o));
        b.setInt(Column.DPORT, r, Tcp.dport(s, o));
        b.setString(Column.TCP_STATE, r, TcpNames.state(Tcp.state(s, o)));
        long sk = Tcp.sk(s, o);
        if (sk != 0) b.setLong(Column.CONN_ID, r, connIds.of(sk, k == EventKind.TCP_STATE ? Tcp.oldState(s, o) : -1, Tcp.state(s, o)));
        switch (k) {
            case TCP_STATE -> {
                b.setString(Column.OLD_TCP_STATE, r, TcpNames.state(Tcp.oldState(s, o)));
                if (Tcp.state(s, o) == 7 /* CLOSE */) {
                    b.setLong(Column.RX_BYTES, r, Tcp.rxBytes(s, o));
                    b.setLong(Column.TX_BYTES, r, Tcp.txBytes(s, o));
                    if ((Hdr.flags(s, o) & EventFlags.NO_START) == 0) b.setLong(Column.DUR_NS, r, Tcp.durationNs(s, o));
                }
            }
            case TCP_SEND_RESET -> {
                b.setString(Column.REASON, r, tcpNames.resetReason(Tcp.reason(s, o)));
                if ((Hdr.flags(s, o) & EventFlags.NO_SOCK) != 0) b.setLong(Column.FLAGS, r, Tcp.tcpFlags(s, o));
            }
            case TCP_BYTES -> {
                b.setLong(Column.RX_BYTES, r, Tcp.rxBytes(s, o));
                b.setLong(Column.TX_BYTES, r, Tcp.txBytes(s, o));
                b.setLong(Column.DUR_NS, r, Tcp.durationNs(s, o));
            }
            case TCP_DROP -> {
                b.setString(Column.REASON, r, tcpNames.dropReason(Tcp.reason(s, o)));
                b.setString(Column.FUNC, r, tcpNames.function(Tcp.location(s, o)));
                b.setLong(Column.FLAGS, r, Tcp.tcpFlags(s, o));
            }
            default -> { }
        }
    }

    /** The record's ts is the entry; the row's is the exit, so that rows stay in emission order. */
    @Override
    public void syscall(MemorySegment s, long o, boolean withPath) {
        long dur = Syscall.durationNs(s, o);
        int r = header(s, o, EventKind.SYSCALL, Hdr.ts(s, o) + dur);
        EventBatch b = batch;
        int id = Syscall.id(s, o), fd = Syscall.fd(s, o), pid = Hdr.pid(s, o);
        String name = SyscallNames.name(id), path = null;
        long ret = Syscall.ret(s, o);
        b.setInt(Column.SYSCALL_NR, r, id);
        b.setString(Column.SYSCALL, r, name);
        b.setLong(Column.DUR_NS, r, dur);
        b.setLong(Column.RET, r, ret);
        if (withPath) {
            path = CommCache.decode(s, Syscall.pathAt(o), EventLayouts.PATH_LEN);
            b.setString(Column.PATH, r, path);
            b.setLong(Column.FLAGS, r, Syscall.flags(s, o));
        }
        if (fd >= 0) {
            b.setInt(Column.FD, r, fd);
            String file = fds.name(pid, fd);
            if (file != null && !withPath) b.setString(Column.PATH, r, file);
        }
        fds.returned(pid, name, ret, fd, path);
    }

    /** The files behind the fds of syscall rows. */
    private FdNames fds = new FdNames(java.nio.file.Path.of("/proc"));

    /** Names fds with these (whose snapshot of the fd tables names those opened before the recording). */
    void fdNames(FdNames names) {
        this.fds = names;
    }

    /** Records carry the exit time, which the row keeps (as a syscall's): dur_ns reaches back to the entry. */
    @Override
    public void hardirq(MemorySegment s, long o) {
        int r = header(s, o, EventKind.HARDIRQ, Hdr.ts(s, o));
        EventBatch b = batch;
        int irq = Hardirq.irq(s, o);
        b.setInt(Column.IRQ, r, irq);
        b.setString(Column.IRQ_NAME, r, irqs.hard(irq, s, Hardirq.nameAt(o)));
        b.setLong(Column.DUR_NS, r, Hardirq.durationNs(s, o));
        b.setLong(Column.RET, r, Hardirq.ret(s, o));
    }

    @Override
    public void softirq(MemorySegment s, long o) {
        int r = header(s, o, EventKind.SOFTIRQ, Hdr.ts(s, o));
        EventBatch b = batch;
        int vec = Softirq.vec(s, o);
        b.setInt(Column.IRQ, r, vec);
        b.setString(Column.IRQ_NAME, r, IrqNames.soft(vec));
        b.setLong(Column.DUR_NS, r, Softirq.durationNs(s, o));
    }

    /** The recording host's page size: the mem records count pages. */
    private static final long PAGE = dev.jrec.bpf.libbpf.Native.pageSize();

    @Override
    public void reclaim(MemorySegment s, long o, int kind) {
        int r = header(s, o, kind == dev.jrec.bpf.events.EventKind.MEMCG_RECLAIM ? EventKind.MEMCG_RECLAIM : EventKind.DIRECT_RECLAIM,
                Hdr.ts(s, o));
        EventBatch b = batch;
        b.setLong(Column.DUR_NS, r, Reclaim.durationNs(s, o));
        b.setLong(Column.BYTES, r, Reclaim.nrReclaimed(s, o) * PAGE);
        b.setInt(Column.ALLOC_ORDER, r, Reclaim.order(s, o));
    }

    /** A fault's user stack, as a profile sample's (no kernel stack: it would be the fault path every time). */
    @Override
    public void fault(MemorySegment s, long o, int kind) {
        long ts = Hdr.ts(s, o);
        int pid = Hdr.pid(s, o);
        long stack = StackTable.NONE;
        if (stacks != null && stacks.mem() != null) {
            refreshIfExeced(pid, Hdr.tid(s, o), comms.get(s, Hdr.commAt(o)));
            stack = stacks.table().stackId(this, ts, pid, stacks.mem(), StackTable.NO_STACK, Fault.ustackId(s, o));
        }
        int r = header(s, o, kind == dev.jrec.bpf.events.EventKind.MAJOR_FAULT ? EventKind.MAJOR_FAULT : EventKind.MINOR_FAULT, ts);
        EventBatch b = batch;
        b.setLong(Column.ADDR, r, Fault.addr(s, o));
        b.setLong(Column.WEIGHT, r, Fault.weight(s, o));
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
    }

    @Override
    public void rss(MemorySegment s, long o) {
        int r = header(s, o, EventKind.RSS, Hdr.ts(s, o));
        EventBatch b = batch;
        b.setLong(Column.RSS_ANON, r, Rss.anonPages(s, o) * PAGE);
        b.setLong(Column.RSS_FILE, r, Rss.filePages(s, o) * PAGE);
        b.setLong(Column.RSS_SHMEM, r, Rss.shmemPages(s, o) * PAGE);
        b.setLong(Column.SWAP, r, Rss.swapEntries(s, o) * PAGE);
    }

    private LockNames lockNames;
    private final LockIds lockIds = new LockIds();

    /** Names for lock rows, built before recording (it reads kallsyms); else built at the first contention. */
    void lockNames(LockNames names) {
        this.lockNames = names;
    }

    /** The row keeps the record's ts, contention_end's; the stack is the waiter's there, so its caller's. */
    @Override
    public void lockContention(MemorySegment s, long o) {
        if (lockNames == null) lockNames = new LockNames();
        long ts = Hdr.ts(s, o);
        long stack = StackTable.NONE;
        if (stacks != null && stacks.lock() != null) {
            stack = stacks.table().stackId(this, ts, Hdr.pid(s, o), stacks.lock(), LockContention.kstackId(s, o), StackTable.NO_STACK, true);
        }
        int r = header(s, o, EventKind.LOCK_CONTENTION, ts);
        EventBatch b = batch;
        long lock = LockContention.lock(s, o);
        int flags = LockContention.lcbFlags(s, o);
        b.setLong(Column.LOCK_ID, r, lockIds.of(lock));
        String name = lockNames.name(LockContention.lockClass(s, o), lock);
        if (name != null) b.setString(Column.LOCK_NAME, r, name);
        b.setString(Column.LOCK_TYPE, r, LockNames.type(flags));
        b.setLong(Column.FLAGS, r, flags);
        b.setLong(Column.DUR_NS, r, LockContention.durationNs(s, o));
        b.setLong(Column.RET, r, LockContention.ret(s, o));
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
    }

    private static final String[] FUTEX_OPS = {"WAIT", "WAKE", "FD", "REQUEUE", "CMP_REQUEUE", "WAKE_OP", "LOCK_PI", "UNLOCK_PI",
            "TRYLOCK_PI", "WAIT_BITSET", "WAKE_BITSET", "WAIT_REQUEUE_PI", "CMP_REQUEUE_PI", "LOCK_PI2"};

    /** WAIT, WAKE, ... of a futex op, without its PRIVATE (128) and CLOCK_REALTIME (256) bits. */
    static String futexOp(int op) {
        int cmd = op & ~(128 | 256);
        return cmd >= 0 && cmd < FUTEX_OPS.length ? FUTEX_OPS[cmd] : "OP_" + cmd;
    }

    /** Rows keep the syscall's exit as ts (a syscall row's), dur_ns back to its entry; a wait carries its user stack. */
    @Override
    public void futex(MemorySegment s, long o, int kind) {
        long ts = Hdr.ts(s, o);
        boolean wait = kind == dev.jrec.bpf.events.EventKind.FUTEX_WAIT;
        long stack = StackTable.NONE;
        if (wait && stacks != null && stacks.lock() != null) {
            int pid = Hdr.pid(s, o);
            refreshIfExeced(pid, Hdr.tid(s, o), comms.get(s, Hdr.commAt(o)));
            stack = stacks.table().stackId(this, ts, pid, stacks.lock(), StackTable.NO_STACK, Futex.ustackId(s, o), false);
        }
        int r = header(s, o, wait ? EventKind.FUTEX_WAIT : EventKind.FUTEX_WAKE, ts);
        EventBatch b = batch;
        int op = Futex.op(s, o);
        b.setLong(Column.UADDR, r, Futex.uaddr(s, o));
        b.setString(Column.FUTEX_OP, r, futexOp(op));
        b.setLong(Column.FLAGS, r, op);
        b.setLong(Column.DUR_NS, r, Futex.durationNs(s, o));
        b.setLong(Column.RET, r, Futex.ret(s, o));
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
    }

    private dev.jrec.recorder.uprobe.UserProbes userProbes;

    /**
     * --uprobe-stacks dwarf: the stack copies sent at calls' entries, by (tid, probe), until the call's record
     * comes (a timed call's at its return). Bounded: a call that never returns (its thread exited, or longjmp'd
     * out) leaves its copy here until newer ones push it out.
     */
    private final java.util.LinkedHashMap<Long, StackCopy> stackCopies = new java.util.LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<Long, StackCopy> eldest) {
            return size() > MAX_STACK_COPIES;
        }
    };
    private static final int MAX_STACK_COPIES = 1024;

    private record StackCopy(long entryTs, StackEvents.UserRegs regs) {}

    @Override
    public void uprobeStack(MemorySegment s, long o, int len) {
        StackEvents.UserRegs regs = StackEvents.userRegsCopy(s, o, len);
        if (regs != null) stackCopies.put(((long) Hdr.tid(s, o) << 32) | (UprobeUstack.probe(s, o) & 0xffffffffL), new StackCopy(Hdr.ts(s, o), regs));
    }

    /** The copy taken at the entry of this call, if one was. */
    private StackEvents.UserRegs stackCopy(int tid, int probe, long entryTs) {
        if (stackCopies.isEmpty()) return null;
        StackCopy c = stackCopies.remove(((long) tid << 32) | (probe & 0xffffffffL));
        return c != null && c.entryTs == entryTs ? c.regs : null;
    }

    /** The recording's user probes, by the index the records carry. */
    void userProbes(dev.jrec.recorder.uprobe.UserProbes p) {
        this.userProbes = p;
    }

    /** uprobe, uretprobe, usdt: the probe's label, function and file, its arguments, and the stack at entry. */
    @Override
    public void uprobe(MemorySegment s, long o, int kind, boolean withStr) {
        var p = userProbes == null ? null : userProbes.probe(Uprobe.probe(s, o));
        if (p == null) {
            unknownRecords++;
            return;
        }
        long ts = Hdr.ts(s, o);
        int pid = Hdr.pid(s, o);
        long stack = StackTable.NONE;
        int ustack = Uprobe.ustackId(s, o);
        boolean timed = kind == dev.jrec.bpf.events.EventKind.URETPROBE;
        StackEvents.UserRegs copy = stackCopy(Hdr.tid(s, o), Uprobe.probe(s, o), timed ? ts - Uprobe.durationNs(s, o) : ts);
        if ((ustack >= 0 || copy != null) && stacks != null && stacks.uprobe() != null) {
            refreshIfExeced(pid, Hdr.tid(s, o), comms.get(s, Hdr.commAt(o)));
            // unwound from the entry's registers with .eh_frame, the caller included; frame pointers continue it
            if (copy != null) {
                stack = stacks.table().stackId(this, ts, pid, stacks.uprobe(), StackTable.NO_STACK, ustack, false, copy);
            } else {
                if (userProbes.ustackBytes() > 0) stacks.table().framePointersOnly(); // no copy: the ring was half full
                stack = stacks.table().entryStackId(this, ts, pid, stacks.uprobe(), ustack, Uprobe.callerIp(s, o));
            }
        }
        int r = header(s, o, timed ? EventKind.URETPROBE : kind == dev.jrec.bpf.events.EventKind.USDT ? EventKind.USDT : EventKind.UPROBE, ts);
        EventBatch b = batch;
        b.setString(Column.PROBE, r, p.label());
        b.setString(Column.FUNC, r, p.func());
        b.setString(Column.MODULE, r, p.module());
        int n = p.argCount();
        if (n > 0) {
            long[] args = new long[n];
            for (int i = 0; i < n; i++) args[i] = Uprobe.arg(s, o, i);
            b.setLongs(Column.ARGS, r, args);
        }
        if (withStr) b.setString(Column.ARG_STR, r, EventDecoder.string(s, Uprobe.strAt(o), EventLayouts.PATH_LEN));
        if (timed) {
            b.setLong(Column.DUR_NS, r, Uprobe.durationNs(s, o));
            b.setLong(Column.RET, r, Uprobe.ret(s, o));
        }
        if (userProbes.sampleEvery() > 1) b.setLong(Column.WEIGHT, r, userProbes.sampleEvery());
        if (stack != StackTable.NONE) b.setLong(Column.STACK_ID, r, stack);
    }
}
