package dev.jrec.recorder;

import java.time.Duration;

/**
 * How the mem source samples.
 *
 * @param minorFaultPeriod one minor fault recorded in this many (each row's weight says so): a minor fault
 *     costs the kernel about a microsecond and a record with its user stack about as much again, so recording
 *     every one would double the cost of a process that is growing, the moment it matters
 * @param majorFaultPeriod one major fault in this many: each waits for a disk read, so recording all is cheap
 * @param rssInterval the shortest time between two rss rows of one process
 */
public record MemOptions(long minorFaultPeriod, long majorFaultPeriod, Duration rssInterval) {
    public static final MemOptions DEFAULTS = new MemOptions(64, 1, Duration.ofMillis(100));

    public MemOptions {
        if (minorFaultPeriod < 1 || majorFaultPeriod < 1) {
            throw new IllegalArgumentException("a fault sample period is at least 1: " + minorFaultPeriod + ", " + majorFaultPeriod);
        }
        if (rssInterval.isNegative()) throw new IllegalArgumentException("negative rss interval " + rssInterval);
    }

    /** The settings as JSON members, for the footer's jrec.config. */
    String toJson() {
        return ",\"minor_fault_period\":" + minorFaultPeriod + ",\"major_fault_period\":" + majorFaultPeriod
                + ",\"rss_interval_ms\":" + rssInterval.toMillis();
    }
}
