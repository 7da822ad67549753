package dev.jrec.formats.schema;

/** What the user enables with {@code jrec record --events}; loss and totals are accounted per source. */
public enum Source {
    SCHED, PROC, BLOCK, SYSCALL, PROFILE, OFFCPU,
    /** TCP: state changes, accepts, retransmits, resets, drops (format 1.3). */
    NET,
    /** Hard and soft IRQ handler runs (format 1.3). */
    IRQ,
    /** Memory pressure: reclaim stalls, page faults, resident memory over time (format 1.3). */
    MEM,
    /** Kernel lock contention and user-space futex waits and wakes (format 1.3). */
    LOCK,
    /** User-space probes: uprobes, calls timed to their return, USDT probes (format 1.4). */
    UPROBE,
    /** Rows jrec itself writes: thread, stack and frame tables, loss rows. */
    META;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Source byId(String id) {
        for (Source s : values()) if (s.id().equals(id)) return s;
        throw new IllegalArgumentException("unknown source '" + id + "'");
    }
}
