package dev.jrec.bpf.events;

/**
 * Indexes of the "drops" counters (enum jrec_drop in jrec_events.h), as BpfObject.drops() returns them.
 * EventKindTest checks them against the enum in the objects' BTF.
 */
public final class Drop {
    private Drop() {}

    /** bpf_ringbuf_reserve failed: the ring buffer was full. */
    public static final int RINGBUF = 0;
    /** A bounded tracking map (per-tid times, in-flight syscalls/requests) was full. */
    public static final int MAP_FULL = 1;
    /** Reading a string or argv from kernel/user memory failed. */
    public static final int READ = 2;
    /** A stack that an emitted record names could not be stored (profile, offcpu). */
    public static final int STACK = 3;
    /** How many counters there are. */
    public static final int SLOTS = 4;
}
