package dev.jrec.bench.formats;

import dev.jrec.bench.formats.SyntheticHost.Task;

/**
 * sched_switch events of a {@link SyntheticHost}: each CPU runs a chain of tasks (prev of a switch is next of
 * that CPU's previous switch), time on CPU is log-normal (median 4 µs for tasks, 9 µs for idle), so switches
 * come ~4 µs apart host-wide (~250k/s). Events are delivered in arrival order: ts plus a 0-20 µs delivery
 * delay per event, so CPUs interleave slightly out of ts order, as with per-CPU buffers.
 */
final class SchedSwitchModel {
    private final SyntheticHost h;
    private final long[] nextTs = new long[SyntheticHost.CPUS];
    private final long[] delay = new long[SyntheticHost.CPUS];
    private final long[] since = new long[SyntheticHost.CPUS];
    private final Task[] current = new Task[SyntheticHost.CPUS];

    // The last event, after advance().
    long ts;
    int cpu;
    Task prev;
    Task next;
    long prevState;
    long onCpuNs;
    long waitNs;

    SchedSwitchModel(SyntheticHost host, long startTs) {
        this.h = host;
        for (int c = 0; c < SyntheticHost.CPUS; c++) {
            current[c] = h.idle(c);
            since[c] = startTs;
            nextTs[c] = startTs + h.lognormalNs(9_000, 1.0);
            delay[c] = h.rnd.nextLong(20_000);
        }
    }

    /** When the next event reaches user space. */
    long arrival() {
        long a = Long.MAX_VALUE;
        for (int c = 0; c < SyntheticHost.CPUS; c++) a = Math.min(a, nextTs[c] + delay[c]);
        return a;
    }

    void advance() {
        int c = 0;
        for (int i = 1; i < SyntheticHost.CPUS; i++) if (nextTs[i] + delay[i] < nextTs[c] + delay[c]) c = i;
        ts = nextTs[c];
        cpu = c;
        prev = current[c];
        onCpuNs = ts - since[c];
        Task n;
        if (!prev.idle() && h.chance(0.3)) {
            n = h.idle(c);
        } else {
            do n = h.pick(); while (n == prev || isRunningElsewhere(n, c));
        }
        next = n;
        prevState = prevState(prev);
        waitNs = n.idle() ? 0 : h.chance(0.25) ? h.lognormalNs(25_000, 1.0) : h.lognormalNs(3_000, 1.2);
        current[c] = n;
        since[c] = ts;
        nextTs[c] = ts + (n.idle() ? h.lognormalNs(9_000, 1.0) : h.lognormalNs(4_000, 0.9));
        delay[c] = h.rnd.nextLong(20_000);
    }

    private boolean isRunningElsewhere(Task t, int cpu) {
        for (int c = 0; c < SyntheticHost.CPUS; c++) if (c != cpu && current[c] == t) return true;
        return false;
    }

    /** Task state bits: 0 runnable (preempted), 1 S, 2 D, 0x402 TASK_IDLE (kworkers), 0x80 TASK_DEAD. */
    private long prevState(Task t) {
        double x = h.rnd.nextDouble();
        return switch (t.kind()) {
            case IDLE -> 0;
            case KWORKER -> x < 0.85 ? 0x402 : 0;
            case KERNEL -> x < 0.8 ? 1 : 0;
            case USER -> x < 0.25 ? 0 : x < 0.96 ? 1 : x < 0.998 ? 2 : 0x80;
        };
    }
}
