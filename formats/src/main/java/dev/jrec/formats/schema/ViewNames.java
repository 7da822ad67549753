package dev.jrec.formats.schema;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One name per field: the columns whose documented view (analysis views/*.sql, docs/format.md section 11) calls
 * them by another name than the file's union column, per kind. The file's names are a versioned contract and the
 * reader ({@code CapturedEvent}) uses them; the views name a field for what it is in that kind
 * ({@code dur_ns} of a sched_switch is the prev task's on-CPU time). A column not listed keeps its name in the view.
 * Checked against the views' SQL and docs/format.md by the analysis module's ViewNamesTest.
 */
public final class ViewNames {
    private ViewNames() {}

    /** Kind → union column → its name in the kind's view; only the renamed ones, in the view's column order. */
    public static final Map<EventKind, Map<Column, String>> RENAMED = renamed();

    /** The name {@code c} has in the view of {@code kind}. */
    public static String of(EventKind kind, Column c) {
        return RENAMED.getOrDefault(kind, Map.of()).getOrDefault(c, c.name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Map<EventKind, Map<Column, String>> renamed() {
        Map<EventKind, Map<Column, String>> m = new EnumMap<>(EventKind.class);
        put(m, EventKind.SCHED_SWITCH, Column.PID, "prev_pid", Column.TID, "prev_tid", Column.COMM, "prev_comm", Column.PRIO, "prev_prio",
                Column.DUR_NS, "prev_oncpu_ns", Column.WAIT_NS, "next_runq_ns");
        put(m, EventKind.SCHED_WAKEUP, Column.STACK_ID, "waker_stack_id");
        put(m, EventKind.SCHED_WAKEUP_NEW, Column.STACK_ID, "waker_stack_id");
        put(m, EventKind.SCHED_MIGRATE, Column.TARGET_CPU, "dest_cpu");
        put(m, EventKind.PROC_FORK, Column.PID, "parent_pid", Column.TID, "parent_tid", Column.COMM, "parent_comm");
        put(m, EventKind.SIGNAL, Column.REASON, "result");
        put(m, EventKind.HUNG_TASK, Column.PREV_STATE, "state");
        put(m, EventKind.BLOCK_RQ_COMPLETE, Column.DUR_NS, "latency_ns");
        put(m, EventKind.SYSCALL, Column.SYSCALL_NR, "nr", Column.SYSCALL, "name");
        put(m, EventKind.OFFCPU, Column.PREV_STATE, "state");
        put(m, EventKind.HARDIRQ, Column.IRQ_NAME, "name");
        put(m, EventKind.SOFTIRQ, Column.IRQ, "vec", Column.IRQ_NAME, "name");
        put(m, EventKind.DIRECT_RECLAIM, Column.BYTES, "reclaimed_bytes");
        put(m, EventKind.MEMCG_RECLAIM, Column.BYTES, "reclaimed_bytes");
        put(m, EventKind.LOCK_CONTENTION, Column.FLAGS, "lcb_flags");
        put(m, EventKind.FUTEX_WAIT, Column.FLAGS, "op");
        put(m, EventKind.FUTEX_WAKE, Column.FLAGS, "op", Column.RET, "woken");
        put(m, EventKind.THREAD, Column.TS, "seen_ts");
        put(m, EventKind.TCP_STATE, Column.DUR_NS, "lifetime_ns");
        put(m, EventKind.TCP_SEND_RESET, Column.FLAGS, "tcp_flags");
        put(m, EventKind.TCP_DROP, Column.FLAGS, "tcp_flags");
        put(m, EventKind.TCP_BYTES, Column.DUR_NS, "interval_ns");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void put(Map<EventKind, Map<Column, String>> m, EventKind k, Object... pairs) {
        Map<Column, String> names = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) names.put((Column) pairs[i], (String) pairs[i + 1]);
        m.put(k, java.util.Collections.unmodifiableMap(names));
    }
}
