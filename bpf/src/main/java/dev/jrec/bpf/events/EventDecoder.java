package dev.jrec.bpf.events;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.nio.charset.StandardCharsets;

import static dev.jrec.bpf.events.EventLayouts.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED;

/**
 * The decoder of ring buffer records (jrec_events.h): {@link #decode} hands a record to the {@link Handler}
 * method of its struct, and the nested classes read each field in place, at the offsets of EventLayouts,
 * without allocating. Character arrays are given as offsets ({@code ...At}), for the consumer's own string
 * cache. The recorder decodes into capture rows with it, bpf's tests into records.
 */
public final class EventDecoder {
    private EventDecoder() {}

    /** One method per record struct; the record at o in s is valid only during the call. */
    public interface Handler {
        void schedSwitch(MemorySegment s, long o);

        /** jrec_sched_wakeup, of kind SCHED_WAKEUP, SCHED_WAKEUP_NEW or SCHED_MIGRATE. */
        void schedWakeup(MemorySegment s, long o, int kind);

        void procExec(MemorySegment s, long o);

        void procFork(MemorySegment s, long o);

        void procExit(MemorySegment s, long o);

        void oomKill(MemorySegment s, long o);

        void signal(MemorySegment s, long o);

        void hungTask(MemorySegment s, long o);

        /** jrec_block, of kind BLOCK_RQ_ISSUE, BLOCK_RQ_COMPLETE, BLOCK_IO_START or BLOCK_IO_DONE. */
        void block(MemorySegment s, long o, int kind);

        /** jrec_syscall; withPath when it is a SYSCALL_PATH record long enough to hold its path. */
        void syscall(MemorySegment s, long o, boolean withPath);

        void cpuSample(MemorySegment s, long o);

        void offCpu(MemorySegment s, long o);

        /** jrec_tcp, of kind TCP_STATE, TCP_ACCEPT, TCP_RETRANSMIT, TCP_SEND_RESET, TCP_RECEIVE_RESET, TCP_DROP or TCP_BYTES. */
        void tcp(MemorySegment s, long o, int kind);
        void hardirq(MemorySegment s, long o);

        void softirq(MemorySegment s, long o);

        /** jrec_reclaim, of kind DIRECT_RECLAIM or MEMCG_RECLAIM. */
        void reclaim(MemorySegment s, long o, int kind);

        /** jrec_fault, of kind MINOR_FAULT or MAJOR_FAULT. */
        void fault(MemorySegment s, long o, int kind);

        void rss(MemorySegment s, long o);
        void lockContention(MemorySegment s, long o);

        /** jrec_futex, of kind FUTEX_WAIT or FUTEX_WAKE. */
        void futex(MemorySegment s, long o, int kind);

        /** jrec_uprobe, of kind UPROBE, URETPROBE or USDT; withStr when its string argument follows. */
        void uprobe(MemorySegment s, long o, int kind, boolean withStr);

        /** jrec_uprobe_ustack: the registers and stack copy of the call whose record comes next from its thread. */
        void uprobeStack(MemorySegment s, long o, int len);

        /** A kind this decoder does not know. */
        void unknown(MemorySegment s, long o, int len);
    }

    /** Hands the record of len bytes at o to h, by its kind. */
    public static void decode(MemorySegment s, long o, int len, Handler h) {
        int kind = Hdr.kind(s, o);
        switch (kind) {
            case EventKind.SCHED_SWITCH -> h.schedSwitch(s, o);
            case EventKind.SCHED_WAKEUP, EventKind.SCHED_WAKEUP_NEW, EventKind.SCHED_MIGRATE -> h.schedWakeup(s, o, kind);
            case EventKind.PROC_EXEC -> h.procExec(s, o);
            case EventKind.PROC_FORK -> h.procFork(s, o);
            case EventKind.PROC_EXIT -> h.procExit(s, o);
            case EventKind.OOM_KILL -> h.oomKill(s, o);
            case EventKind.SIGNAL -> h.signal(s, o);
            case EventKind.HUNG_TASK -> h.hungTask(s, o);
            case EventKind.BLOCK_RQ_ISSUE, EventKind.BLOCK_RQ_COMPLETE, EventKind.BLOCK_IO_START,
                 EventKind.BLOCK_IO_DONE -> h.block(s, o, kind);
            case EventKind.SYSCALL -> h.syscall(s, o, false);
            case EventKind.SYSCALL_PATH -> h.syscall(s, o, len >= EventLayouts.SYSCALL_PATH.byteSize());
            case EventKind.CPU_SAMPLE -> h.cpuSample(s, o);
            case EventKind.OFFCPU -> h.offCpu(s, o);
            case EventKind.TCP_STATE, EventKind.TCP_ACCEPT, EventKind.TCP_RETRANSMIT, EventKind.TCP_SEND_RESET,
                 EventKind.TCP_RECEIVE_RESET, EventKind.TCP_DROP, EventKind.TCP_BYTES -> h.tcp(s, o, kind);
            case EventKind.HARDIRQ -> h.hardirq(s, o);
            case EventKind.SOFTIRQ -> h.softirq(s, o);
            case EventKind.DIRECT_RECLAIM, EventKind.MEMCG_RECLAIM -> h.reclaim(s, o, kind);
            case EventKind.MINOR_FAULT, EventKind.MAJOR_FAULT -> h.fault(s, o, kind);
            case EventKind.RSS -> h.rss(s, o);
            case EventKind.LOCK_CONTENTION -> h.lockContention(s, o);
            case EventKind.FUTEX_WAIT, EventKind.FUTEX_WAKE -> h.futex(s, o, kind);
            case EventKind.UPROBE, EventKind.URETPROBE, EventKind.USDT -> h.uprobe(s, o, kind,
                    (Hdr.flags(s, o) & EventFlags.STR_ARG) != 0 && len >= EventLayouts.UPROBE_STR.byteSize());
            case EventKind.UPROBE_USTACK -> h.uprobeStack(s, o, len);
            default -> h.unknown(s, o, len);
        }
    }

    /** The struct of a kind (its base record, without a user stack copy), or null for a kind not known. */
    public static StructLayout layout(int kind) {
        return switch (kind) {
            case EventKind.SCHED_SWITCH -> EventLayouts.SCHED_SWITCH;
            case EventKind.SCHED_WAKEUP, EventKind.SCHED_WAKEUP_NEW, EventKind.SCHED_MIGRATE -> EventLayouts.SCHED_WAKEUP;
            case EventKind.PROC_EXEC -> EventLayouts.PROC_EXEC;
            case EventKind.PROC_FORK -> EventLayouts.PROC_FORK;
            case EventKind.PROC_EXIT -> EventLayouts.PROC_EXIT;
            case EventKind.OOM_KILL -> EventLayouts.OOM_KILL;
            case EventKind.SIGNAL -> EventLayouts.SIGNAL;
            case EventKind.HUNG_TASK -> EventLayouts.HUNG_TASK;
            case EventKind.BLOCK_RQ_ISSUE, EventKind.BLOCK_RQ_COMPLETE, EventKind.BLOCK_IO_START,
                 EventKind.BLOCK_IO_DONE -> EventLayouts.BLOCK;
            case EventKind.SYSCALL -> EventLayouts.SYSCALL;
            case EventKind.SYSCALL_PATH -> EventLayouts.SYSCALL_PATH;
            case EventKind.CPU_SAMPLE -> EventLayouts.CPU_SAMPLE;
            case EventKind.OFFCPU -> EventLayouts.OFFCPU;
            case EventKind.TCP_STATE, EventKind.TCP_ACCEPT, EventKind.TCP_RETRANSMIT, EventKind.TCP_SEND_RESET,
                 EventKind.TCP_RECEIVE_RESET, EventKind.TCP_DROP, EventKind.TCP_BYTES -> EventLayouts.TCP;
            case EventKind.HARDIRQ -> EventLayouts.HARDIRQ;
            case EventKind.SOFTIRQ -> EventLayouts.SOFTIRQ;
            case EventKind.DIRECT_RECLAIM, EventKind.MEMCG_RECLAIM -> EventLayouts.RECLAIM;
            case EventKind.MINOR_FAULT, EventKind.MAJOR_FAULT -> EventLayouts.FAULT;
            case EventKind.RSS -> EventLayouts.RSS;
            case EventKind.LOCK_CONTENTION -> EventLayouts.LOCK_CONTENTION;
            case EventKind.FUTEX_WAIT, EventKind.FUTEX_WAKE -> EventLayouts.FUTEX;
            case EventKind.UPROBE, EventKind.URETPROBE, EventKind.USDT -> EventLayouts.UPROBE;
            case EventKind.UPROBE_USTACK -> EventLayouts.UPROBE_USTACK;
            default -> null;
        };
    }

    /** A NUL-terminated string of at most max bytes (no NUL needed at max), as UTF-8. Allocates. */
    public static String string(MemorySegment s, long at, int max) {
        int n = 0;
        while (n < max && s.get(JAVA_BYTE, at + n) != 0) {
            n++;
        }
        byte[] b = new byte[n];
        MemorySegment.copy(s, JAVA_BYTE, at, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    static int i32(MemorySegment s, long at) {
        return s.get(JAVA_INT_UNALIGNED, at);
    }

    static long i64(MemorySegment s, long at) {
        return s.get(JAVA_LONG_UNALIGNED, at);
    }

    /** jrec_hdr, at the start of every record. */
    public static final class Hdr {
        private static final StructLayout L = EventLayouts.HDR;
        private static final long KIND = offset(L, "kind"), CPU = offset(L, "cpu"), PID = offset(L, "pid"),
                TID = offset(L, "tid"), FLAGS = offset(L, "flags"), TS = offset(L, "ts"), COMM = offset(L, "comm");

        public static int kind(MemorySegment s, long o) {
            return s.get(JAVA_SHORT_UNALIGNED, o + KIND) & 0xffff;
        }

        public static int cpu(MemorySegment s, long o) {
            return s.get(JAVA_SHORT_UNALIGNED, o + CPU) & 0xffff;
        }

        public static int pid(MemorySegment s, long o) {
            return i32(s, o + PID);
        }

        public static int tid(MemorySegment s, long o) {
            return i32(s, o + TID);
        }

        public static int flags(MemorySegment s, long o) {
            return i32(s, o + FLAGS);
        }

        public static long ts(MemorySegment s, long o) {
            return i64(s, o + TS);
        }

        public static long commAt(long o) {
            return o + COMM;
        }
    }

    /** jrec_sched_switch: hdr names prev. */
    public static final class SchedSwitch {
        private static final StructLayout L = EventLayouts.SCHED_SWITCH;
        private static final long NEXT_PID = offset(L, "next_pid"), NEXT_TID = offset(L, "next_tid"),
                PREV_PRIO = offset(L, "prev_prio"), NEXT_PRIO = offset(L, "next_prio"), PREV_STATE = offset(L, "prev_state"),
                PREV_ONCPU = offset(L, "prev_oncpu_ns"), NEXT_WAIT = offset(L, "next_rq_wait_ns"), NEXT_COMM = offset(L, "next_comm");

        public static int nextPid(MemorySegment s, long o) { return i32(s, o + NEXT_PID); }
        public static int nextTid(MemorySegment s, long o) { return i32(s, o + NEXT_TID); }
        public static int prevPrio(MemorySegment s, long o) { return i32(s, o + PREV_PRIO); }
        public static int nextPrio(MemorySegment s, long o) { return i32(s, o + NEXT_PRIO); }
        public static long prevState(MemorySegment s, long o) { return i64(s, o + PREV_STATE); }
        public static long prevOncpuNs(MemorySegment s, long o) { return i64(s, o + PREV_ONCPU); }
        public static long nextRqWaitNs(MemorySegment s, long o) { return i64(s, o + NEXT_WAIT); }
        public static long nextCommAt(long o) { return o + NEXT_COMM; }
    }

    /** jrec_sched_wakeup: hdr names the waking (or migrating) task, target the woken (or moved) one. */
    public static final class SchedWakeup {
        private static final StructLayout L = EventLayouts.SCHED_WAKEUP;
        private static final long PID = offset(L, "target_pid"), TID = offset(L, "target_tid"), PRIO = offset(L, "target_prio"),
                CPU = offset(L, "target_cpu"), ORIG = offset(L, "orig_cpu"), COMM = offset(L, "target_comm");

        public static int targetPid(MemorySegment s, long o) { return i32(s, o + PID); }
        public static int targetTid(MemorySegment s, long o) { return i32(s, o + TID); }
        public static int targetPrio(MemorySegment s, long o) { return i32(s, o + PRIO); }
        public static int targetCpu(MemorySegment s, long o) { return i32(s, o + CPU); }
        /** Migrate only; -1 otherwise. */
        public static int origCpu(MemorySegment s, long o) { return i32(s, o + ORIG); }
        public static long targetCommAt(long o) { return o + COMM; }
    }

    /** jrec_proc_exec: hdr names the task after exec. */
    public static final class ProcExec {
        private static final StructLayout L = EventLayouts.PROC_EXEC;
        private static final long PPID = offset(L, "ppid"), OLD_TID = offset(L, "old_tid"), ARGS_LEN = offset(L, "args_len"),
                ARGS_SIZE = offset(L, "args_size"), FILENAME = offset(L, "filename"), ARGS = offset(L, "args"), CGROUP = offset(L, "cgroup_id");

        public static int ppid(MemorySegment s, long o) { return i32(s, o + PPID); }
        public static int oldTid(MemorySegment s, long o) { return i32(s, o + OLD_TID); }
        /** Bytes used in args, at most ARGS_LEN however the record says. */
        public static int argsLen(MemorySegment s, long o) { return Math.min(i32(s, o + ARGS_LEN), EventLayouts.ARGS_LEN); }
        /** arg_end - arg_start: more than argsLen when argv was cut. */
        public static int argsSize(MemorySegment s, long o) { return i32(s, o + ARGS_SIZE); }
        public static long filenameAt(long o) { return o + FILENAME; }
        /** NUL-separated argv, argsLen bytes. */
        public static long argsAt(long o) { return o + ARGS; }
        /** The process's cgroup v2 id (its directory's inode). */
        public static long cgroupId(MemorySegment s, long o) { return i64(s, o + CGROUP); }
    }

    /** jrec_proc_fork: hdr names the parent. */
    public static final class ProcFork {
        private static final StructLayout L = EventLayouts.PROC_FORK;
        private static final long PID = offset(L, "child_pid"), TID = offset(L, "child_tid"), COMM = offset(L, "child_comm"),
                CGROUP = offset(L, "cgroup_id");

        public static int childPid(MemorySegment s, long o) { return i32(s, o + PID); }
        public static int childTid(MemorySegment s, long o) { return i32(s, o + TID); }
        public static long childCommAt(long o) { return o + COMM; }
        /** The parent's cgroup v2 id, which the child starts in. */
        public static long cgroupId(MemorySegment s, long o) { return i64(s, o + CGROUP); }
    }

    /** jrec_proc_exit: hdr names the exiting task. */
    public static final class ProcExit {
        private static final StructLayout L = EventLayouts.PROC_EXIT;
        private static final long CODE = offset(L, "exit_code"), PPID = offset(L, "ppid");

        /** As wait(2) reports it: (status &lt;&lt; 8) | signal. */
        public static int exitCode(MemorySegment s, long o) { return i32(s, o + CODE); }
        public static int ppid(MemorySegment s, long o) { return i32(s, o + PPID); }
    }

    /** jrec_oom_kill: hdr names the victim; memory in kB, 0 where the kernel's tracepoint lacks it. */
    public static final class OomKill {
        private static final StructLayout L = EventLayouts.OOM_KILL;
        private static final long ADJ = offset(L, "oom_score_adj"), UID = offset(L, "uid"), VM = offset(L, "total_vm_kb"),
                ANON = offset(L, "anon_rss_kb"), FILE = offset(L, "file_rss_kb"), SHMEM = offset(L, "shmem_rss_kb"),
                PGTABLES = offset(L, "pgtables_kb");

        public static int oomScoreAdj(MemorySegment s, long o) { return i32(s, o + ADJ); }
        public static int uid(MemorySegment s, long o) { return i32(s, o + UID); }
        public static long totalVmKb(MemorySegment s, long o) { return i64(s, o + VM); }
        public static long anonRssKb(MemorySegment s, long o) { return i64(s, o + ANON); }
        public static long fileRssKb(MemorySegment s, long o) { return i64(s, o + FILE); }
        public static long shmemRssKb(MemorySegment s, long o) { return i64(s, o + SHMEM); }
        public static long pgtablesKb(MemorySegment s, long o) { return i64(s, o + PGTABLES); }
    }

    /**
     * jrec_tcp: hdr names the socket's owner when known (see net.bpf.c). Addresses are 16 bytes in network
     * order, IPv4 in the first 4; ports in host order; states as the kernel numbers them (TCP_ESTABLISHED = 1).
     */
    public static final class Tcp {
        private static final StructLayout L = EventLayouts.TCP;
        private static final long FAMILY = offset(L, "family"), SPORT = offset(L, "sport"), DPORT = offset(L, "dport"),
                OLD_STATE = offset(L, "old_state"), STATE = offset(L, "state"), SADDR = offset(L, "saddr"),
                DADDR = offset(L, "daddr"), SK = offset(L, "sk"), DURATION = offset(L, "duration_ns"),
                RX = offset(L, "rx_bytes"), TX = offset(L, "tx_bytes"), REASON = offset(L, "reason"),
                TCP_FLAGS = offset(L, "tcp_flags"), LOCATION = offset(L, "location");

        /** AF_INET, AF_INET6. */
        public static final int INET = 2, INET6 = 10;

        public static int family(MemorySegment s, long o) { return s.get(JAVA_SHORT_UNALIGNED, o + FAMILY) & 0xffff; }
        public static int sport(MemorySegment s, long o) { return s.get(JAVA_SHORT_UNALIGNED, o + SPORT) & 0xffff; }
        public static int dport(MemorySegment s, long o) { return s.get(JAVA_SHORT_UNALIGNED, o + DPORT) & 0xffff; }
        public static int oldState(MemorySegment s, long o) { return s.get(JAVA_BYTE, o + OLD_STATE) & 0xff; }
        public static int state(MemorySegment s, long o) { return s.get(JAVA_BYTE, o + STATE) & 0xff; }
        public static long saddrAt(long o) { return o + SADDR; }
        public static long daddrAt(long o) { return o + DADDR; }
        public static long sk(MemorySegment s, long o) { return i64(s, o + SK); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long rxBytes(MemorySegment s, long o) { return i64(s, o + RX); }
        public static long txBytes(MemorySegment s, long o) { return i64(s, o + TX); }
        public static int reason(MemorySegment s, long o) { return i32(s, o + REASON); }
        public static int tcpFlags(MemorySegment s, long o) { return i32(s, o + TCP_FLAGS); }
        public static long location(MemorySegment s, long o) { return i64(s, o + LOCATION); }
    }

    /** jrec_signal: hdr names the sender, target_* the task it was sent to. */
    public static final class Signal {
        private static final StructLayout L = EventLayouts.SIGNAL;
        private static final long TPID = offset(L, "target_pid"), TTID = offset(L, "target_tid"), SIG = offset(L, "sig"),
                RESULT = offset(L, "result"), GROUP = offset(L, "group"), TCOMM = offset(L, "target_comm");

        public static int targetPid(MemorySegment s, long o) { return i32(s, o + TPID); }
        public static int targetTid(MemorySegment s, long o) { return i32(s, o + TTID); }
        public static int sig(MemorySegment s, long o) { return i32(s, o + SIG); }
        /** TRACE_SIGNAL_*: 0 delivered, 1 ignored, 2 already pending, 3 overflow, 4 lost info. */
        public static int result(MemorySegment s, long o) { return i32(s, o + RESULT); }
        public static boolean group(MemorySegment s, long o) { return i32(s, o + GROUP) != 0; }
        public static long targetCommAt(long o) { return o + TCOMM; }
    }

    /** jrec_hung_task: hdr names the task khungtaskd found stuck. */
    public static final class HungTask {
        private static final long STATE = offset(EventLayouts.HUNG_TASK, "state");

        public static long state(MemorySegment s, long o) { return i64(s, o + STATE); }
    }

    /** jrec_block: hdr names the current task, issue_* the one that submitted the request. */
    public static final class Block {
        private static final StructLayout L = EventLayouts.BLOCK;
        private static final long DEV = offset(L, "dev"), BYTES = offset(L, "nr_bytes"), SECTOR = offset(L, "sector"),
                LATENCY = offset(L, "latency_ns"), ISSUE_PID = offset(L, "issue_pid"), ISSUE_TID = offset(L, "issue_tid"),
                ERROR = offset(L, "error"), CMD_FLAGS = offset(L, "cmd_flags"), RWBS = offset(L, "rwbs"),
                ISSUE_COMM = offset(L, "issue_comm");

        /** The kernel's dev_t: major = dev &gt;&gt;&gt; 20, minor = dev &amp; 0xfffff. */
        public static int dev(MemorySegment s, long o) { return i32(s, o + DEV); }
        public static int nrBytes(MemorySegment s, long o) { return i32(s, o + BYTES); }
        public static long sector(MemorySegment s, long o) { return i64(s, o + SECTOR); }
        public static long latencyNs(MemorySegment s, long o) { return i64(s, o + LATENCY); }
        public static int issuePid(MemorySegment s, long o) { return i32(s, o + ISSUE_PID); }
        public static int issueTid(MemorySegment s, long o) { return i32(s, o + ISSUE_TID); }
        public static int error(MemorySegment s, long o) { return i32(s, o + ERROR); }
        public static int cmdFlags(MemorySegment s, long o) { return i32(s, o + CMD_FLAGS); }
        /** 8 bytes. */
        public static long rwbsAt(long o) { return o + RWBS; }
        public static long issueCommAt(long o) { return o + ISSUE_COMM; }
    }

    /** jrec_syscall (and jrec_syscall_path, which adds path): hdr.ts is the entry time. */
    public static final class Syscall {
        private static final StructLayout L = EventLayouts.SYSCALL;
        private static final long ID = offset(L, "id"), FD = offset(L, "fd"), DURATION = offset(L, "duration_ns"), RET = offset(L, "ret"),
                FLAGS = offset(L, "flags"), PATH = offset(EventLayouts.SYSCALL_PATH, "path");

        public static int id(MemorySegment s, long o) { return i32(s, o + ID); }
        /** The fd argument of read, write, close and their kin; -1 for other calls. */
        public static int fd(MemorySegment s, long o) { return i32(s, o + FD); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long ret(MemorySegment s, long o) { return i64(s, o + RET); }
        public static long flags(MemorySegment s, long o) { return i64(s, o + FLAGS); }
        /** SYSCALL_PATH only. */
        public static long pathAt(long o) { return o + PATH; }
    }

    /** jrec_cpu_sample: hdr names the task on CPU. */
    public static final class CpuSample {
        private static final StructLayout L = EventLayouts.CPU_SAMPLE;
        private static final long KSTACK = offset(L, "kstack_id"), USTACK = offset(L, "ustack_id");

        public static int kstackId(MemorySegment s, long o) { return i32(s, o + KSTACK); }
        public static int ustackId(MemorySegment s, long o) { return i32(s, o + USTACK); }
    }

    /** jrec_offcpu: hdr names the task that was off CPU; hdr.ts is when it was switched back in. */
    public static final class OffCpu {
        private static final StructLayout L = EventLayouts.OFFCPU;
        private static final long START = offset(L, "start_ts"), DURATION = offset(L, "duration_ns"), STATE = offset(L, "state"),
                KSTACK = offset(L, "kstack_id"), USTACK = offset(L, "ustack_id"), WAKER_PID = offset(L, "waker_pid"),
                WAKER_TID = offset(L, "waker_tid"), WAKER_KSTACK = offset(L, "waker_kstack_id"),
                WAKER_USTACK = offset(L, "waker_ustack_id"), WAKER_COMM = offset(L, "waker_comm");

        public static long startTs(MemorySegment s, long o) { return i64(s, o + START); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long state(MemorySegment s, long o) { return i64(s, o + STATE); }
        public static int kstackId(MemorySegment s, long o) { return i32(s, o + KSTACK); }
        public static int ustackId(MemorySegment s, long o) { return i32(s, o + USTACK); }
        /** The waker_* fields are set only with EventFlags.WAKER. */
        public static int wakerPid(MemorySegment s, long o) { return i32(s, o + WAKER_PID); }
        public static int wakerTid(MemorySegment s, long o) { return i32(s, o + WAKER_TID); }
        public static int wakerKstackId(MemorySegment s, long o) { return i32(s, o + WAKER_KSTACK); }
        public static int wakerUstackId(MemorySegment s, long o) { return i32(s, o + WAKER_USTACK); }
        public static long wakerCommAt(long o) { return o + WAKER_COMM; }
    }

    /** jrec_hardirq: hdr names the interrupted task; hdr.ts is the handler's exit. */
    public static final class Hardirq {
        private static final StructLayout L = EventLayouts.HARDIRQ;
        private static final long IRQ = offset(L, "irq"), RET = offset(L, "ret"), DURATION = offset(L, "duration_ns"),
                NAME = offset(L, "name");

        public static int irq(MemorySegment s, long o) { return i32(s, o + IRQ); }
        /** irqreturn_t: 0 IRQ_NONE, 1 IRQ_HANDLED, 2 IRQ_WAKE_THREAD. */
        public static int ret(MemorySegment s, long o) { return i32(s, o + RET); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        /** IRQ_NAME_LEN bytes, NUL-terminated unless cut (EventFlags.TRUNCATED). */
        public static long nameAt(long o) { return o + NAME; }
    }

    /** jrec_softirq: hdr names the interrupted task (or ksoftirqd); hdr.ts is the handler's exit. */
    public static final class Softirq {
        private static final StructLayout L = EventLayouts.SOFTIRQ;
        private static final long VEC = offset(L, "vec"), DURATION = offset(L, "duration_ns");

        public static int vec(MemorySegment s, long o) { return i32(s, o + VEC); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
    }

    /** jrec_reclaim: nr_reclaimed in pages, order -1 when the kernel gives none. */
    public static final class Reclaim {
        private static final StructLayout L = EventLayouts.RECLAIM;
        private static final long DURATION = offset(L, "duration_ns"), PAGES = offset(L, "nr_reclaimed"), ORDER = offset(L, "order");

        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long nrReclaimed(MemorySegment s, long o) { return i64(s, o + PAGES); }
        public static int order(MemorySegment s, long o) { return i32(s, o + ORDER); }
    }

    /** jrec_fault: weight is the faults the record stands for (the sample period). */
    public static final class Fault {
        private static final StructLayout L = EventLayouts.FAULT;
        private static final long ADDR = offset(L, "addr"), WEIGHT = offset(L, "weight"), USTACK = offset(L, "ustack_id");

        public static long addr(MemorySegment s, long o) { return i64(s, o + ADDR); }
        public static long weight(MemorySegment s, long o) { return i64(s, o + WEIGHT); }
        public static int ustackId(MemorySegment s, long o) { return i32(s, o + USTACK); }
    }

    /** jrec_rss: the process's counters in pages (swap: entries, one page each). */
    public static final class Rss {
        private static final StructLayout L = EventLayouts.RSS;
        private static final long FILE = offset(L, "file_pages"), ANON = offset(L, "anon_pages"),
                SWAP = offset(L, "swap_entries"), SHMEM = offset(L, "shmem_pages");

        public static long filePages(MemorySegment s, long o) { return i64(s, o + FILE); }
        public static long anonPages(MemorySegment s, long o) { return i64(s, o + ANON); }
        public static long swapEntries(MemorySegment s, long o) { return i64(s, o + SWAP); }
        public static long shmemPages(MemorySegment s, long o) { return i64(s, o + SHMEM); }
    }
    /** jrec_lock_contention: hdr names the waiter; hdr.ts is contention_end. */
    public static final class LockContention {
        private static final StructLayout L = EventLayouts.LOCK_CONTENTION;
        private static final long LOCK = offset(L, "lock"), DURATION = offset(L, "duration_ns"), FLAGS = offset(L, "lcb_flags"),
                RET = offset(L, "ret"), KSTACK = offset(L, "kstack_id"), CLASS = offset(L, "lock_class");

        /** The lock's kernel address: for telling locks apart, never to be written out. */
        public static long lock(MemorySegment s, long o) { return i64(s, o + LOCK); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        /** contention_begin's LCB_F_* flags. */
        public static int lcbFlags(MemorySegment s, long o) { return i32(s, o + FLAGS); }
        public static int ret(MemorySegment s, long o) { return i32(s, o + RET); }
        public static int kstackId(MemorySegment s, long o) { return i32(s, o + KSTACK); }
        /** 1 the waiter's mmap_lock, 2 its sighand's siglock, 0 neither. */
        public static int lockClass(MemorySegment s, long o) { return i32(s, o + CLASS); }
    }

    /** jrec_futex: hdr names the caller; hdr.ts is the syscall's exit. */
    public static final class Futex {
        private static final StructLayout L = EventLayouts.FUTEX;
        private static final long UADDR = offset(L, "uaddr"), DURATION = offset(L, "duration_ns"), RET = offset(L, "ret"),
                OP = offset(L, "op"), USTACK = offset(L, "ustack_id");

        public static long uaddr(MemorySegment s, long o) { return i64(s, o + UADDR); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long ret(MemorySegment s, long o) { return i64(s, o + RET); }
        /** The op as passed, FUTEX_PRIVATE_FLAG (128) and FUTEX_CLOCK_REALTIME (256) included. */
        public static int op(MemorySegment s, long o) { return i32(s, o + OP); }
        public static int ustackId(MemorySegment s, long o) { return i32(s, o + USTACK); }
    }

    /** jrec_uprobe: hdr names the caller; hdr.ts is the entry (uprobe), the return (uretprobe) or the firing (usdt). */
    public static final class Uprobe {
        private static final StructLayout L = EventLayouts.UPROBE;
        private static final long PROBE = offset(L, "probe"), USTACK = offset(L, "ustack_id"), ARGS = offset(L, "args"),
                DURATION = offset(L, "duration_ns"), RET = offset(L, "ret"), CALLER = offset(L, "caller_ip"),
                STR = offset(EventLayouts.UPROBE_STR, "str");

        /** The probe's index in the recording's list (its attach cookie). */
        public static int probe(MemorySegment s, long o) { return i32(s, o + PROBE); }
        public static int ustackId(MemorySegment s, long o) { return i32(s, o + USTACK); }
        /** Argument i (0..5) of those the probe's spec names. */
        public static long arg(MemorySegment s, long o, int i) { return i64(s, o + ARGS + 8L * i); }
        public static long durationNs(MemorySegment s, long o) { return i64(s, o + DURATION); }
        public static long ret(MemorySegment s, long o) { return i64(s, o + RET); }
        /** The return address at the function's entry: its caller (0 for usdt). */
        public static long callerIp(MemorySegment s, long o) { return i64(s, o + CALLER); }
        /** Offset of the string argument in a record whose flags have STR_ARG. */
        public static long strAt(long o) { return o + STR; }
    }

    /** jrec_uprobe_ustack: hdr names the caller, hdr.ts the entry of the call it is the stack of. */
    public static final class UprobeUstack {
        private static final long PROBE = offset(EventLayouts.UPROBE_USTACK, "probe");

        /** The probe's index, as the call's record has it. */
        public static int probe(MemorySegment s, long o) { return i32(s, o + PROBE); }
    }
}
