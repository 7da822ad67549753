package dev.jrec.recorder.ring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code cpu busy > 95% for 10s}: /proc/stat, read at most once a second, counted as mpstat and top count
 * (busy is all but idle and iowait; steal counts as busy, the guest could not run). It fires when every
 * second since a spell began was busier than the threshold and the spell has lasted the trigger's duration,
 * once per spell: the host must fall below the threshold before it can fire again, so a saturated host
 * does not log a held-off trigger every second.
 */
public final class CpuBusy {
    public static final Path PROC_STAT = Path.of("/proc/stat");
    private static final long SECOND_NS = 1_000_000_000L;

    private final Trigger trigger;
    private final Path stat;
    private long lastAt = Long.MIN_VALUE, lastBusy, lastTotal;
    private long spellSince = Long.MIN_VALUE, spellBusy, spellTotal;
    private boolean firedThisSpell;

    public CpuBusy(Trigger trigger, Path stat) {
        if (trigger.kind() != Trigger.Kind.CPU) throw new IllegalArgumentException("not a cpu trigger: " + trigger.text());
        this.trigger = trigger;
        this.stat = stat;
    }

    public Trigger trigger() {
        return trigger;
    }

    /**
     * Reads /proc/stat if a second has passed since the last read; returns the dump's
     * {@code jrec.trigger.event} when the trigger fires at {@code nowNanos}, else null.
     */
    public String sample(long nowNanos) throws IOException {
        if (lastAt != Long.MIN_VALUE && nowNanos - lastAt < SECOND_NS) return null;
        long[] t = times(Files.readAllLines(stat), trigger.cpu());
        if (t == null) throw new IOException(stat + " has no line for cpu" + trigger.cpu() + ": this host has fewer CPUs");
        long busy = t[0], total = t[1];
        String fired = null;
        if (lastAt != Long.MIN_VALUE && total > lastTotal) {
            long dBusy = busy - lastBusy, dTotal = total - lastTotal;
            if (100.0 * dBusy / dTotal > trigger.busyPercent()) {
                if (spellSince == Long.MIN_VALUE) {
                    spellSince = lastAt;
                    spellBusy = spellTotal = 0;
                }
                spellBusy += dBusy;
                spellTotal += dTotal;
                if (!firedThisSpell && nowNanos - spellSince >= trigger.thresholdNs()) {
                    firedThisSpell = true;
                    fired = String.format(Locale.ROOT, "cpu busy=%.1f%% over %.1f s (%s)", 100.0 * spellBusy / spellTotal,
                            (nowNanos - spellSince) / 1e9, trigger.cpu() < 0 ? "all CPUs" : "cpu " + trigger.cpu());
                }
            } else {
                spellSince = Long.MIN_VALUE;
                firedThisSpell = false;
            }
        }
        lastAt = nowNanos;
        lastBusy = busy;
        lastTotal = total;
        return fired;
    }

    /** {busy, total} ticks of the "cpu" line (cpu &lt; 0) or of "cpuN"; null when there is no such line. */
    static long[] times(Iterable<String> lines, int cpu) {
        String label = cpu < 0 ? "cpu" : "cpu" + cpu;
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (!f[0].equals(label)) continue;
            long total = 0, idle = 0;
            // user nice system idle iowait irq softirq steal; guest and guest_nice are already in user and nice
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) idle += v;
            }
            return new long[] {total - idle, total};
        }
        return null;
    }
}
