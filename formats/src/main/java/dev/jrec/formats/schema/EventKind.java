package dev.jrec.formats.schema;

import java.util.Locale;

/**
 * The values of the {@code kind} column. A 1.x reader must skip kinds it does not know: new kinds are
 * added in minor versions (docs/format.md, "Versioning").
 */
public enum EventKind {
    SCHED_SWITCH(Source.SCHED),
    SCHED_WAKEUP(Source.SCHED),
    SCHED_WAKEUP_NEW(Source.SCHED),
    SCHED_MIGRATE(Source.SCHED),
    PROC_EXEC(Source.PROC),
    PROC_FORK(Source.PROC),
    PROC_EXIT(Source.PROC),
    /** A process the kernel's OOM killer chose (oom:mark_victim); format 1.2. */
    OOM_KILL(Source.PROC),
    /** A signal sent (signal:signal_generate): the sender is the subject; format 1.3. */
    SIGNAL(Source.PROC),
    /** A task khungtaskd reported stuck in D (sched:sched_process_hang); format 1.3. */
    HUNG_TASK(Source.PROC),
    BLOCK_RQ_ISSUE(Source.BLOCK),
    BLOCK_RQ_COMPLETE(Source.BLOCK),
    SYSCALL(Source.SYSCALL),
    CPU_SAMPLE(Source.PROFILE),
    OFFCPU(Source.OFFCPU),
    /** A TCP socket's state change (sock:inet_sock_set_state); format 1.3, as the other tcp_ kinds. */
    TCP_STATE(Source.NET),
    /** A connection accepted: the accept syscalls' return, in the acceptor's context. */
    TCP_ACCEPT(Source.NET),
    /** A segment retransmitted (tcp:tcp_retransmit_skb). */
    TCP_RETRANSMIT(Source.NET),
    /** A reset sent (tcp:tcp_send_reset), with its reason where the kernel gives one. */
    TCP_SEND_RESET(Source.NET),
    /** A reset received (tcp:tcp_receive_reset). */
    TCP_RECEIVE_RESET(Source.NET),
    /** A TCP packet dropped (skb:kfree_skb), with the kernel's drop reason and the function that dropped it. */
    TCP_DROP(Source.NET),
    /** Bytes a process sent and received through a TCP socket over an interval (sock_send/recv_length); format 1.3. */
    TCP_BYTES(Source.NET),
    /** A hard IRQ handler run (irq:irq_handler_entry/exit); format 1.3. */
    HARDIRQ(Source.IRQ),
    /** A softirq handler run (irq:softirq_entry/exit); format 1.3. */
    SOFTIRQ(Source.IRQ),
    /** An allocation that reclaimed memory itself, the machine being short (vmscan direct reclaim); format 1.3. */
    DIRECT_RECLAIM(Source.MEM),
    /** A memory cgroup at its limit reclaimed by the task charging it (vmscan memcg reclaim); format 1.3. */
    MEMCG_RECLAIM(Source.MEM),
    /** A minor page fault, sampled (weight faults per row); format 1.3. */
    MINOR_FAULT(Source.MEM),
    /** A major page fault (it read from disk), sampled; format 1.3. */
    MAJOR_FAULT(Source.MEM),
    /** A process's resident memory (kmem:rss_stat, at most one row per process per interval); format 1.3. */
    RSS(Source.MEM),
    /** A kernel lock's contention (lock:contention_begin/end), with the waiter's kernel stack; format 1.3. */
    LOCK_CONTENTION(Source.LOCK),
    /** A futex wait (sys_enter/exit_futex: WAIT, WAIT_BITSET, LOCK_PI, ...), with the caller's user stack; format 1.3. */
    FUTEX_WAIT(Source.LOCK),
    /** A futex wake that woke someone (WAKE, WAKE_BITSET, WAKE_OP; UNLOCK_PI); format 1.3. */
    FUTEX_WAKE(Source.LOCK),
    /** A user function's entry (--uprobe); format 1.4, as the two below. */
    UPROBE(Source.UPROBE),
    /** A user function's call, its entry paired with its return in the kernel (--uretprobe): duration, return value. */
    URETPROBE(Source.UPROBE),
    /** A USDT probe fired (--usdt). */
    USDT(Source.UPROBE),
    /** Events a source dropped during an interval ({@code lost} over {@code dur_ns} ending at {@code ts}). */
    LOSS(Source.META),
    /** Process/thread table row: what jrec knew of a thread when it wrote the row. */
    THREAD(Source.META),
    /** Deduplicated stack: {@code stack_id} → {@code frame_ids}, leaf first. */
    STACK(Source.META),
    /** Symbolized frame: {@code frame_id} → function, module, offsets, build-id. */
    FRAME(Source.META);

    private final Source source;
    private final String id;

    EventKind(Source source) {
        this.source = source;
        this.id = name().toLowerCase(Locale.ROOT);
    }

    /** The string stored in the {@code kind} column. */
    public String id() {
        return id;
    }

    public Source source() {
        return source;
    }

    /** Null for a kind this version does not know (a newer minor version wrote it). */
    public static EventKind byId(String id) {
        for (EventKind k : values()) if (k.id.equals(id)) return k;
        return null;
    }
}
