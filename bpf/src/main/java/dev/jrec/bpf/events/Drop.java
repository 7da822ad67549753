package dev.jrec.bpf.events;

/** Indexes of the "drops" counters (enum jrec_drop), as BpfObject.drops() returns them. */
public final class Drop {
    private Drop() {}

    /** bpf_ringbuf_reserve failed: the ring buffer was full. */
    public static final int RINGBUF = 0;
    /** A bounded tracking map (per-tid times, in-flight syscalls/requests) was full. */
    public static final int MAP_FULL = 1;
    /** Reading a string or argv from kernel/user memory failed. */
    public static final int READ = 2;
}
