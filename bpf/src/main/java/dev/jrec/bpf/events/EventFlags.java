package dev.jrec.bpf.events;

/** Bits of jrec_hdr.flags. */
public final class EventFlags {
    private EventFlags() {}

    /** sched_switch: prev was preempted, so still runnable. */
    public static final int PREEMPT = 1;
    /** proc_exit: the exiting task led its thread group. */
    public static final int GROUP_LEADER = 1 << 1;
    /** A string or argv was cut to fit its field. */
    public static final int TRUNCATED = 1 << 2;
    /** block completion with no recorded start: latency and issue_* are 0. */
    public static final int NO_START = 1 << 3;
}
