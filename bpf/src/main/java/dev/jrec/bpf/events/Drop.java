package dev.jrec.bpf.events;

/**
 * Indexes of the "drops" counters (enum jrec_drop in jrec_events.h), as BpfObject.drops() returns them.
 * EventKindTest checks them against the enum in the objects' BTF.
 */
public final class Drop {
    private Drop() {}

    /** bpf_ringbuf_reserve failed: the ring buffer was full. */
    public static final int RINGBUF = 0;
    /** A bounded tracking map (in-flight syscalls/requests, lock waits) was full. */
    public static final int MAP_FULL = 1;
    /** Reading a string or argv from kernel/user memory failed. */
    public static final int READ = 2;
    /** A stack that an emitted record names could not be stored (profile, offcpu). */
    public static final int STACK = 3;
    /**
     * A record was kept without the times per-task state derives (sched: on-CPU and run-queue wait), because
     * that state could not be stored: not a lost record.
     */
    public static final int UNTIMED = 4;
    /** How many counters there are. */
    public static final int SLOTS = 5;

    /** Of a {@code drops()} read, the records lost: the slots but STACK and UNTIMED, whose records were kept. */
    public static long lost(long[] counters) {
        long n = 0;
        for (int i = 0; i < counters.length; i++) if (i != STACK && i != UNTIMED) n += counters[i];
        return n;
    }
}
