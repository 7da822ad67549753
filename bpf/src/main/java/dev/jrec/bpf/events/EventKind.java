package dev.jrec.bpf.events;

/**
 * Values of jrec_hdr.kind (enum jrec_kind in jrec_events.h), every record of every object. EventKindTest checks
 * them against the enum in the objects' BTF.
 */
public final class EventKind {
    private EventKind() {}

    public static final int SCHED_SWITCH = 1;
    public static final int SCHED_WAKEUP = 2;
    public static final int SCHED_WAKEUP_NEW = 3;
    public static final int SCHED_MIGRATE = 4;
    public static final int PROC_EXEC = 10;
    public static final int PROC_FORK = 11;
    public static final int PROC_EXIT = 12;
    /** An OOM kill (oom:mark_victim, proc.bpf.c). */
    public static final int OOM_KILL = 13;
    /** A signal sent (signal:signal_generate, proc.bpf.c). */
    public static final int SIGNAL = 14;
    /** A hung task reported by khungtaskd (sched:sched_process_hang, proc.bpf.c). */
    public static final int HUNG_TASK = 15;
    public static final int BLOCK_RQ_ISSUE = 20;
    public static final int BLOCK_RQ_COMPLETE = 21;
    public static final int BLOCK_IO_START = 22;
    public static final int BLOCK_IO_DONE = 23;
    public static final int SYSCALL = 30;
    public static final int SYSCALL_PATH = 31;
    /** A profile timer sample (profile.bpf.c). */
    public static final int CPU_SAMPLE = 40;
    /** An off-CPU interval (offcpu.bpf.c). */
    public static final int OFFCPU = 41;
    /** TCP events (net.bpf.c), all struct jrec_tcp. */
    public static final int TCP_STATE = 50;
    public static final int TCP_ACCEPT = 51;
    public static final int TCP_RETRANSMIT = 52;
    public static final int TCP_SEND_RESET = 53;
    public static final int TCP_RECEIVE_RESET = 54;
    public static final int TCP_DROP = 55;
    /** Bytes a process sent and received through a socket over an interval (sock_send/recv_length). */
    public static final int TCP_BYTES = 56;
    /** A hard IRQ handler run (irq:irq_handler_entry/exit, irq.bpf.c). */
    public static final int HARDIRQ = 60;
    /** A softirq handler run (irq:softirq_entry/exit, irq.bpf.c). */
    public static final int SOFTIRQ = 61;
    /** A direct reclaim, begin to end (vmscan, mem.bpf.c); struct jrec_reclaim, as MEMCG_RECLAIM. */
    public static final int DIRECT_RECLAIM = 70;
    /** A memory cgroup's reclaim run by the charging task (vmscan, mem.bpf.c). */
    public static final int MEMCG_RECLAIM = 71;
    /** A sampled minor page fault (perf software event, mem.bpf.c); struct jrec_fault, as MAJOR_FAULT. */
    public static final int MINOR_FAULT = 72;
    public static final int MAJOR_FAULT = 73;
    /** A process's resident memory counters (kmem:rss_stat, rate-limited, mem.bpf.c). */
    public static final int RSS = 74;
    /** A kernel lock's contention, contention_begin to end (lock.bpf.c). */
    public static final int LOCK_CONTENTION = 80;
    /** A futex wait, sys_enter_futex to exit (lock.bpf.c). */
    public static final int FUTEX_WAIT = 81;
    /** A futex wake that woke someone (lock.bpf.c). */
    public static final int FUTEX_WAKE = 82;
    /** A user function's entry (uprobe.bpf.c). */
    public static final int UPROBE = 90;
    /** A user function's call, entry and return paired in the kernel (uprobe.bpf.c). */
    public static final int URETPROBE = 91;
    /** A USDT probe fired (uprobe.bpf.c). */
    public static final int USDT = 92;
    /** The registers and stack top at a probe's entry, for the call recorded next (uprobe.bpf.c, --uprobe-stacks dwarf). */
    public static final int UPROBE_USTACK = 93;

    public static String name(int kind) {
        return switch (kind) {
            case SCHED_SWITCH -> "sched_switch";
            case SCHED_WAKEUP -> "sched_wakeup";
            case SCHED_WAKEUP_NEW -> "sched_wakeup_new";
            case SCHED_MIGRATE -> "sched_migrate_task";
            case PROC_EXEC -> "sched_process_exec";
            case PROC_FORK -> "sched_process_fork";
            case PROC_EXIT -> "sched_process_exit";
            case OOM_KILL -> "mark_victim";
            case SIGNAL -> "signal_generate";
            case HUNG_TASK -> "sched_process_hang";
            case BLOCK_RQ_ISSUE -> "block_rq_issue";
            case BLOCK_RQ_COMPLETE -> "block_rq_complete";
            case BLOCK_IO_START -> "block_io_start";
            case BLOCK_IO_DONE -> "block_io_done";
            case SYSCALL -> "syscall";
            case SYSCALL_PATH -> "syscall_path";
            case CPU_SAMPLE -> "cpu_sample";
            case OFFCPU -> "offcpu";
            case TCP_STATE -> "inet_sock_set_state";
            case TCP_ACCEPT -> "sys_exit_accept";
            case TCP_RETRANSMIT -> "tcp_retransmit_skb";
            case TCP_SEND_RESET -> "tcp_send_reset";
            case TCP_RECEIVE_RESET -> "tcp_receive_reset";
            case TCP_DROP -> "kfree_skb";
            case TCP_BYTES -> "sock_msg_length";
            case HARDIRQ -> "hardirq";
            case SOFTIRQ -> "softirq";
            case DIRECT_RECLAIM -> "direct_reclaim";
            case MEMCG_RECLAIM -> "memcg_reclaim";
            case MINOR_FAULT -> "minor_fault";
            case MAJOR_FAULT -> "major_fault";
            case RSS -> "rss_stat";
            case LOCK_CONTENTION -> "lock_contention";
            case FUTEX_WAIT -> "futex_wait";
            case FUTEX_WAKE -> "futex_wake";
            case UPROBE -> "uprobe";
            case URETPROBE -> "uretprobe";
            case USDT -> "usdt";
            case UPROBE_USTACK -> "uprobe_ustack";
            default -> "unknown(" + kind + ")";
        };
    }
}
