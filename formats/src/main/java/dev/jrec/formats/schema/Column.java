package dev.jrec.formats.schema;

import static dev.jrec.formats.schema.ColumnType.*;

/**
 * Every column of capture format 1.x, in file order. The order and names are the public contract
 * (docs/format.md); columns are only ever appended, in a minor version.
 */
public enum Column {
    TS(INT64, "event time, ns on CLOCK_MONOTONIC (bpf_ktime_get_ns); end of the interval for durations"),
    KIND(STRING, "event kind, see EventKind"),
    CPU(INT32, "CPU the event happened on"),
    PID(INT32, "process id (kernel tgid) of the subject task"),
    TID(INT32, "thread id (kernel pid) of the subject task"),
    COMM(STRING, "subject task's comm (16 bytes max)"),
    PRIO(INT32, "subject task's kernel priority"),
    DUR_NS(INT64, "duration ending at ts: on-CPU time of prev (sched_switch), syscall, block latency, off-CPU interval, IRQ handler run, lock contention, futex call, loss interval"),
    WAIT_NS(INT64, "run-queue wait of next since wakeup or preemption (sched_switch)"),
    PREV_STATE(INT64, "prev task state at switch-out (0 = preempted, runnable); block state for offcpu"),
    NEXT_PID(INT32, "process id of the task switched in"),
    NEXT_TID(INT32, "thread id of the task switched in"),
    NEXT_COMM(STRING, "comm of the task switched in"),
    NEXT_PRIO(INT32, "priority of the task switched in"),
    TARGET_CPU(INT32, "CPU a woken task is queued on; destination CPU of a migration"),
    ORIG_CPU(INT32, "source CPU of a migration"),
    PPID(INT32, "parent process id (exec, thread table)"),
    CHILD_PID(INT32, "new process id (fork)"),
    CHILD_TID(INT32, "new thread id (fork)"),
    FILENAME(STRING, "executed file (exec)"),
    ARGV(STRING_LIST, "argument vector, possibly truncated (exec)"),
    EXIT_CODE(INT32, "exit status as wait(2) reports it: code << 8 | signal (exit)"),
    DEV(INT32, "block device, kernel dev_t encoding major << 20 | minor"),
    DISK(STRING, "block device name, e.g. vda, resolved at record time"),
    SECTOR(INT64, "first 512-byte sector of the request"),
    BYTES(INT64, "request size in bytes; oom_kill: the victim's RSS; direct_reclaim, memcg_reclaim: bytes reclaimed"),
    RWBS(STRING, "operation flags as the block tracepoints print them (R, W, WS, FF, D, ...)"),
    SYSCALL_NR(INT32, "syscall number (x86_64 table)"),
    SYSCALL(STRING, "syscall name"),
    RET(INT64, "syscall return value, negative errno on failure; a hardirq handler's irqreturn_t (0 none, 1 handled, 2 wake thread); lock_contention: contention_end's (0 acquired, else -errno); futex_wake: tasks woken"),
    PATH(STRING, "path argument (openat, execve, stat family); read, write and their kin: the fd's file, named at record time"),
    FLAGS(INT64, "flags argument (openat: O_* flags); tcp_drop, tcp_send_reset without a socket: the packet's TCP flags; lock_contention: contention_begin's LCB_F_* flags"),
    STACK_ID(INT64, "stack of the subject (cpu_sample, offcpu: at block time; sched_wakeup: the waker's; minor_fault, major_fault: user stack; lock_contention: the waiter's kernel stack; futex_wait: the caller's user stack)"),
    WAKER_TID(INT32, "thread that ended an off-CPU interval (offcpu)"),
    WAKER_STACK_ID(INT64, "waker's stack when it woke the subject (offcpu)"),
    SOURCE(STRING, "source a loss row accounts for"),
    REASON(STRING, "why events were lost: ringbuf_full, map_full, stack_missing, ...; tcp_drop, tcp_send_reset: the kernel's reason"),
    LOST(INT64, "number of events lost in the interval"),
    CMDLINE(STRING, "full command line, NUL separators replaced by spaces (thread)"),
    CGROUP(STRING, "cgroup v2 path (thread)"),
    CGROUP_ID(INT64, "cgroup v2 id (thread)"),
    START_TS(INT64, "thread start time on the ts clock, when known (thread)"),
    EXIT_TS(INT64, "thread exit time on the ts clock, when known (thread)"),
    FRAME_IDS(INT64_LIST, "frames of a stack, leaf first (stack)"),
    UNWIND(STRING, "how a stack was unwound: fp, dwarf, kernel, truncated (stack)"),
    FRAME_ID(INT64, "frame identity (frame)"),
    FUNC(STRING, "function name, demangled; null when unresolved (frame); tcp_drop: the kernel function that dropped the packet; the probed function, or the USDT probe's name (uprobe, uretprobe, usdt)"),
    MODULE(STRING, "binary or kernel module the frame is in (frame); the file probed (uprobe, uretprobe, usdt)"),
    FUNC_OFFSET(INT64, "offset of the address within func (frame)"),
    BUILD_ID(STRING, "GNU build-id of module, hex (frame)"),
    FILE_OFFSET(INT64, "address as an offset in module's file, for later symbolization (frame)"),
    ADDR(INT64, "raw instruction address as recorded (frame); minor_fault, major_fault: the faulting data address"),
    OOM_SCORE_ADJ(INT32, "victim's oom_score_adj, -1000..1000 (oom_kill)"),
    SADDR(STRING, "local address of the socket (tcp_*), source of the packet (tcp_drop); inet_ntop text"),
    DADDR(STRING, "remote address of the socket (tcp_*), destination of the packet (tcp_drop); inet_ntop text"),
    SPORT(INT32, "local port (tcp_*; 0 on tcp_state into SYN_SENT, before the kernel picks it), source port of the packet (tcp_drop)"),
    DPORT(INT32, "remote port (tcp_*), destination port of the packet (tcp_drop)"),
    TCP_STATE(STRING, "TCP state entered (tcp_state), else the socket's state: ESTABLISHED, SYN_SENT, ..."),
    OLD_TCP_STATE(STRING, "TCP state left (tcp_state)"),
    RX_BYTES(INT64, "bytes received over the connection's life, tcp_sock bytes_received (tcp_state into CLOSE)"),
    TX_BYTES(INT64, "bytes sent and acknowledged over the connection's life, tcp_sock bytes_acked (tcp_state into CLOSE)"),
    CONN_ID(INT64, "which tcp_* rows are one socket: the same value for its whole life in a recording; not a kernel address"),
    SIGNAL(INT32, "signal number (signal: 9 = SIGKILL, 15 = SIGTERM, ...)"),
    TARGET_PID(INT32, "process a signal was sent to (signal)"),
    TARGET_TID(INT32, "thread a signal was sent to (signal)"),
    TARGET_COMM(STRING, "comm of the task a signal was sent to (signal)"),
    IRQ(INT32, "interrupt number (hardirq) or softirq vector, 0 HI .. 9 RCU (softirq)"),
    IRQ_NAME(STRING, "handler name as /proc/interrupts shows it (hardirq) or vector name as /proc/softirqs does (softirq)"),
    ALLOC_ORDER(INT32, "allocation order that reclaimed, 0 = one page (direct_reclaim, memcg_reclaim)"),
    WEIGHT(INT64, "events the row stands for: the sample period (minor_fault, major_fault), --uprobe-sample's N (uprobe, uretprobe, usdt)"),
    RSS_ANON(INT64, "resident anonymous memory, bytes (rss)"),
    RSS_FILE(INT64, "resident file-backed memory, bytes (rss)"),
    RSS_SHMEM(INT64, "resident shared memory (shmem, tmpfs), bytes (rss)"),
    SWAP(INT64, "memory swapped out, bytes (rss)"),
    FD(INT32, "file descriptor argument (syscall: read, write, close and their kin)"),
    LOCK_ID(INT64, "which lock_contention rows are one kernel lock: a number per lock address in a recording; not a kernel address"),
    LOCK_NAME(STRING, "the lock's name where it has one: mmap_lock or siglock of the waiter, or the kernel symbol of a static lock (lock_contention)"),
    LOCK_TYPE(STRING, "spinlock, rwlock:R, rwlock:W, mutex, rwsem:R, rwsem:W, rtmutex, rwlock-rt:R/W, percpu-rwsem:R/W, from contention_begin's flags (lock_contention)"),
    UADDR(INT64, "user address of the futex word (futex_wait, futex_wake)"),
    FUTEX_OP(STRING, "futex operation without its PRIVATE and CLOCK_REALTIME bits: WAIT, WAIT_BITSET, LOCK_PI, LOCK_PI2, WAIT_REQUEUE_PI, WAKE, WAKE_BITSET, WAKE_OP, UNLOCK_PI"),
    PROBE(STRING, "the probe that fired, as bpftrace names it: uprobe:BINARY:FUNC, uretprobe:BINARY:FUNC, usdt:BINARY:PROVIDER:NAME (uprobe, uretprobe, usdt)"),
    ARGS(INT64_LIST, "the integer arguments the probe's spec names, in its order (uprobe, uretprobe, usdt)"),
    ARG_STR(STRING, "the string argument the probe's spec names (uprobe, uretprobe, usdt)");

    private final ColumnType type;
    private final String doc;
    private final String id;

    Column(ColumnType type, String doc) {
        this.type = type;
        this.doc = doc;
        this.id = name().toLowerCase(java.util.Locale.ROOT);
    }


    /** The Parquet column name. */
    public String id() {
        return id;
    }

    public ColumnType type() {
        return type;
    }

    public String doc() {
        return doc;
    }

    public boolean required() {
        return this == TS || this == KIND;
    }

    private static final Column[] VALUES = values();

    public static Column at(int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }
}
