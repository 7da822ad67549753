package dev.jrec.bpf.events;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/** A record as tests look at it: EventDecoder's reads of it, kept. Stack records are StackEvents'. */
public sealed interface Event {
    Header hdr();

    /** Decodes the record of length len at off, checking it is as long as its kind needs. */
    static Event decode(MemorySegment s, long off, int len) {
        int kind = EventDecoder.Hdr.kind(s, off);
        StructLayout layout = EventDecoder.layout(kind);
        if (layout == null || kind == EventKind.CPU_SAMPLE || kind == EventKind.OFFCPU) {
            throw new IllegalArgumentException("not an Event kind " + kind + " (" + len + " bytes)");
        }
        if (len < layout.byteSize()) {
            throw new IllegalArgumentException(EventKind.name(kind) + " record of " + len + " bytes, needs " + layout.byteSize());
        }
        Collect c = new Collect();
        EventDecoder.decode(s, off, len, c);
        return c.event;
    }

    private static String str(MemorySegment s, long at, int max) {
        return EventDecoder.string(s, at, max);
    }

    /** hdr names prev. */
    record SchedSwitch(Header hdr, int nextPid, int nextTid, int prevPrio, int nextPrio, long prevState,
                       long prevOncpuNs, long nextRqWaitNs, String nextComm) implements Event {
        public boolean preempted() {
            return (hdr.flags() & EventFlags.PREEMPT) != 0;
        }
    }

    /** Wakeup, wakeup_new or migrate (by hdr.kind); hdr names the current task. origCpu is -1 but for migrate. */
    record SchedWakeup(Header hdr, int targetPid, int targetTid, int targetPrio, int targetCpu, int origCpu,
                       String targetComm) implements Event {}

    /** argv split at NULs; argsSize &gt; bytes read when truncated. */
    record ProcExec(Header hdr, int ppid, int oldTid, String filename, List<String> argv, int argsSize) implements Event {}

    /** hdr names the parent. */
    record ProcFork(Header hdr, int childPid, int childTid, String childComm) implements Event {}

    /** exitCode as wait(2) reports it: (status &lt;&lt; 8) | signal. */
    record ProcExit(Header hdr, int exitCode, int ppid) implements Event {}

    /** hdr names the victim; memory in kB. */
    record OomKill(Header hdr, int oomScoreAdj, int uid, long totalVmKb, long anonRssKb, long fileRssKb, long shmemRssKb,
                   long pgtablesKb) implements Event {}

    /** hdr names the sender. */
    record Signal(Header hdr, int targetPid, int targetTid, int sig, int result, boolean group, String targetComm) implements Event {}

    /** hdr names the hung task. */
    record HungTask(Header hdr, long state) implements Event {}

    /** dev is the kernel's dev_t: major = dev &gt;&gt;&gt; 20, minor = dev &amp; 0xfffff. */
    record Block(Header hdr, int dev, int nrBytes, long sector, long latencyNs, int issuePid, int issueTid,
                 int error, int cmdFlags, String rwbs, String issueComm) implements Event {
        public int major() {
            return dev >>> 20;
        }

        public int minor() {
            return dev & 0xfffff;
        }
    }

    /** hdr.ts is the entry time; path is null unless hdr.kind is SYSCALL_PATH. */
    record Syscall(Header hdr, int id, long durationNs, long ret, long flags, String path) implements Event {}

    /** Any jrec_tcp kind (hdr.kind); addresses as text, states as the kernel numbers them. */
    record Tcp(Header hdr, int family, int sport, int dport, int oldState, int state, String saddr, String daddr,
               long sk, long durationNs, long rxBytes, long txBytes, int reason, int tcpFlags, long location) implements Event {}
    /** hdr names the interrupted task; hdr.ts is the handler's exit. */
    record Hardirq(Header hdr, int irq, int ret, long durationNs, String name) implements Event {}

    /** hdr names the interrupted task; hdr.ts is the handler's exit. */
    record Softirq(Header hdr, int vec, long durationNs) implements Event {}

    /** kind: DIRECT_RECLAIM or MEMCG_RECLAIM. */
    record Reclaim(Header hdr, int kind, long durationNs, long nrReclaimed, int order) implements Event {}

    /** kind: MINOR_FAULT or MAJOR_FAULT. */
    record Fault(Header hdr, int kind, long addr, long weight, int ustackId) implements Event {}

    record Rss(Header hdr, long filePages, long anonPages, long swapEntries, long shmemPages) implements Event {}

    /** hdr names the waiter; hdr.ts is contention_end. */
    record LockContention(Header hdr, long lock, long durationNs, int lcbFlags, int ret, int kstackId, int lockClass) implements Event {}

    /** FUTEX_WAIT or FUTEX_WAKE (hdr.kind); hdr names the caller, hdr.ts is the syscall's exit. */
    record Futex(Header hdr, long uaddr, long durationNs, long ret, int op, int ustackId) implements Event {}

    /** UPROBE, URETPROBE or USDT (hdr.kind); str is null without a string argument. */
    record Uprobe(Header hdr, int probe, int ustackId, long[] args, long durationNs, long ret, long callerIp, String str) implements Event {}

    /** UPROBE_USTACK: the registers and stack copy at a call's entry (hdr.ts). */
    record UprobeStack(Header hdr, int probe, dev.jrec.bpf.perf.StackEvents.UserRegs regs) implements Event {}

    /** Keeps the one record decoded. */
    final class Collect implements EventDecoder.Handler {
        Event event;

        @Override
        public void schedSwitch(MemorySegment s, long o) {
            event = new SchedSwitch(Header.decode(s, o), EventDecoder.SchedSwitch.nextPid(s, o),
                    EventDecoder.SchedSwitch.nextTid(s, o), EventDecoder.SchedSwitch.prevPrio(s, o),
                    EventDecoder.SchedSwitch.nextPrio(s, o), EventDecoder.SchedSwitch.prevState(s, o),
                    EventDecoder.SchedSwitch.prevOncpuNs(s, o), EventDecoder.SchedSwitch.nextRqWaitNs(s, o),
                    str(s, EventDecoder.SchedSwitch.nextCommAt(o), EventLayouts.COMM_LEN));
        }

        @Override
        public void schedWakeup(MemorySegment s, long o, int kind) {
            event = new SchedWakeup(Header.decode(s, o), EventDecoder.SchedWakeup.targetPid(s, o),
                    EventDecoder.SchedWakeup.targetTid(s, o), EventDecoder.SchedWakeup.targetPrio(s, o),
                    EventDecoder.SchedWakeup.targetCpu(s, o), EventDecoder.SchedWakeup.origCpu(s, o),
                    str(s, EventDecoder.SchedWakeup.targetCommAt(o), EventLayouts.COMM_LEN));
        }

        @Override
        public void procExec(MemorySegment s, long o) {
            int len = EventDecoder.ProcExec.argsLen(s, o);
            byte[] args = new byte[len];
            MemorySegment.copy(s, JAVA_BYTE, EventDecoder.ProcExec.argsAt(o), args, 0, len);
            List<String> argv = new ArrayList<>();
            int start = 0;
            for (int i = 0; i <= len; i++) {
                if (i == len || args[i] == 0) {
                    if (i > start || i < len) {
                        argv.add(new String(args, start, i - start, StandardCharsets.UTF_8));
                    }
                    start = i + 1;
                }
            }
            event = new ProcExec(Header.decode(s, o), EventDecoder.ProcExec.ppid(s, o), EventDecoder.ProcExec.oldTid(s, o),
                    str(s, EventDecoder.ProcExec.filenameAt(o), EventLayouts.PATH_LEN), List.copyOf(argv),
                    EventDecoder.ProcExec.argsSize(s, o));
        }

        @Override
        public void procFork(MemorySegment s, long o) {
            event = new ProcFork(Header.decode(s, o), EventDecoder.ProcFork.childPid(s, o), EventDecoder.ProcFork.childTid(s, o),
                    str(s, EventDecoder.ProcFork.childCommAt(o), EventLayouts.COMM_LEN));
        }

        @Override
        public void procExit(MemorySegment s, long o) {
            event = new ProcExit(Header.decode(s, o), EventDecoder.ProcExit.exitCode(s, o), EventDecoder.ProcExit.ppid(s, o));
        }

        @Override
        public void oomKill(MemorySegment s, long o) {
            event = new OomKill(Header.decode(s, o), EventDecoder.OomKill.oomScoreAdj(s, o), EventDecoder.OomKill.uid(s, o),
                    EventDecoder.OomKill.totalVmKb(s, o), EventDecoder.OomKill.anonRssKb(s, o), EventDecoder.OomKill.fileRssKb(s, o),
                    EventDecoder.OomKill.shmemRssKb(s, o), EventDecoder.OomKill.pgtablesKb(s, o));
        }

        @Override
        public void signal(MemorySegment s, long o) {
            event = new Signal(Header.decode(s, o), EventDecoder.Signal.targetPid(s, o), EventDecoder.Signal.targetTid(s, o),
                    EventDecoder.Signal.sig(s, o), EventDecoder.Signal.result(s, o), EventDecoder.Signal.group(s, o),
                    str(s, EventDecoder.Signal.targetCommAt(o), EventLayouts.COMM_LEN));
        }

        @Override
        public void hungTask(MemorySegment s, long o) {
            event = new HungTask(Header.decode(s, o), EventDecoder.HungTask.state(s, o));
        }

        @Override
        public void block(MemorySegment s, long o, int kind) {
            event = new Block(Header.decode(s, o), EventDecoder.Block.dev(s, o), EventDecoder.Block.nrBytes(s, o),
                    EventDecoder.Block.sector(s, o), EventDecoder.Block.latencyNs(s, o), EventDecoder.Block.issuePid(s, o),
                    EventDecoder.Block.issueTid(s, o), EventDecoder.Block.error(s, o), EventDecoder.Block.cmdFlags(s, o),
                    str(s, EventDecoder.Block.rwbsAt(o), 8), str(s, EventDecoder.Block.issueCommAt(o), EventLayouts.COMM_LEN));
        }

        @Override
        public void syscall(MemorySegment s, long o, boolean withPath) {
            String path = withPath ? str(s, EventDecoder.Syscall.pathAt(o), EventLayouts.PATH_LEN) : null;
            event = new Syscall(Header.decode(s, o), EventDecoder.Syscall.id(s, o), EventDecoder.Syscall.durationNs(s, o),
                    EventDecoder.Syscall.ret(s, o), EventDecoder.Syscall.flags(s, o), path);
        }

        @Override
        public void cpuSample(MemorySegment s, long o) {
            throw new IllegalStateException("checked in decode");
        }

        @Override
        public void offCpu(MemorySegment s, long o) {
            throw new IllegalStateException("checked in decode");
        }

        @Override
        public void tcp(MemorySegment s, long o, int kind) {
            int family = EventDecoder.Tcp.family(s, o);
            event = new Tcp(Header.decode(s, o), family, EventDecoder.Tcp.sport(s, o), EventDecoder.Tcp.dport(s, o),
                    EventDecoder.Tcp.oldState(s, o), EventDecoder.Tcp.state(s, o),
                    InetText.of(s, EventDecoder.Tcp.saddrAt(o), family), InetText.of(s, EventDecoder.Tcp.daddrAt(o), family),
                    EventDecoder.Tcp.sk(s, o), EventDecoder.Tcp.durationNs(s, o), EventDecoder.Tcp.rxBytes(s, o),
                    EventDecoder.Tcp.txBytes(s, o), EventDecoder.Tcp.reason(s, o), EventDecoder.Tcp.tcpFlags(s, o),
                    EventDecoder.Tcp.location(s, o));
        }

        @Override
        public void hardirq(MemorySegment s, long o) {
            event = new Hardirq(Header.decode(s, o), EventDecoder.Hardirq.irq(s, o), EventDecoder.Hardirq.ret(s, o),
                    EventDecoder.Hardirq.durationNs(s, o), str(s, EventDecoder.Hardirq.nameAt(o), EventLayouts.IRQ_NAME_LEN));
        }

        @Override
        public void softirq(MemorySegment s, long o) {
            event = new Softirq(Header.decode(s, o), EventDecoder.Softirq.vec(s, o), EventDecoder.Softirq.durationNs(s, o));
        }

        @Override
        public void reclaim(MemorySegment s, long o, int kind) {
            event = new Reclaim(Header.decode(s, o), kind, EventDecoder.Reclaim.durationNs(s, o),
                    EventDecoder.Reclaim.nrReclaimed(s, o), EventDecoder.Reclaim.order(s, o));
        }

        @Override
        public void fault(MemorySegment s, long o, int kind) {
            event = new Fault(Header.decode(s, o), kind, EventDecoder.Fault.addr(s, o), EventDecoder.Fault.weight(s, o),
                    EventDecoder.Fault.ustackId(s, o));
        }

        @Override
        public void rss(MemorySegment s, long o) {
            event = new Rss(Header.decode(s, o), EventDecoder.Rss.filePages(s, o), EventDecoder.Rss.anonPages(s, o),
                    EventDecoder.Rss.swapEntries(s, o), EventDecoder.Rss.shmemPages(s, o));
        }

        @Override
        public void lockContention(MemorySegment s, long o) {
            event = new LockContention(Header.decode(s, o), EventDecoder.LockContention.lock(s, o),
                    EventDecoder.LockContention.durationNs(s, o), EventDecoder.LockContention.lcbFlags(s, o),
                    EventDecoder.LockContention.ret(s, o), EventDecoder.LockContention.kstackId(s, o),
                    EventDecoder.LockContention.lockClass(s, o));
        }

        @Override
        public void futex(MemorySegment s, long o, int kind) {
            event = new Futex(Header.decode(s, o), EventDecoder.Futex.uaddr(s, o), EventDecoder.Futex.durationNs(s, o),
                    EventDecoder.Futex.ret(s, o), EventDecoder.Futex.op(s, o), EventDecoder.Futex.ustackId(s, o));
        }

        @Override
        public void uprobe(MemorySegment s, long o, int kind, boolean withStr) {
            long[] args = new long[EventLayouts.UPROBE_ARGS];
            for (int i = 0; i < args.length; i++) args[i] = EventDecoder.Uprobe.arg(s, o, i);
            event = new Uprobe(Header.decode(s, o), EventDecoder.Uprobe.probe(s, o), EventDecoder.Uprobe.ustackId(s, o), args,
                    EventDecoder.Uprobe.durationNs(s, o), EventDecoder.Uprobe.ret(s, o), EventDecoder.Uprobe.callerIp(s, o),
                    withStr ? EventDecoder.string(s, EventDecoder.Uprobe.strAt(o), EventLayouts.PATH_LEN) : null);
        }

        @Override
        public void uprobeStack(MemorySegment s, long o, int len) {
            event = new UprobeStack(Header.decode(s, o), EventDecoder.UprobeUstack.probe(s, o),
                    dev.jrec.bpf.perf.StackEvents.userRegsCopy(s, o, len));
        }

        @Override
        public void unknown(MemorySegment s, long o, int len) {
            throw new IllegalStateException("checked in decode");
        }
    }
}
