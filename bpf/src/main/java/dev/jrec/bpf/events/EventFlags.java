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
    /** cpu_sample: the CPU was idle (pid 0, swapper). */
    public static final int IDLE = 1 << 4;
    /** offcpu: the waker fields are set. */
    public static final int WAKER = 1 << 5;
    /** cpu_sample, offcpu: a jrec_user_regs and stack_len bytes of user stack follow the record (--call-graph dwarf). */
    public static final int USER_REGS = 1 << 6;
    /** tcp_send_reset, tcp_drop: no socket; the addresses are the packet's. */
    public static final int NO_SOCK = 1 << 7;
    /** uprobe, uretprobe, usdt: the probe's string argument follows the record (jrec_uprobe_str). */
    public static final int STR_ARG = 1 << 8;
}
