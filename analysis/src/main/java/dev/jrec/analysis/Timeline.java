package dev.jrec.analysis;

import java.util.List;

/**
 * What happened over time, bucket by bucket: per CPU how busy it was and the task that ran the most, and for
 * the processes that ran the most, the time their threads ran, waited runnable and were blocked. Both tables
 * have a row for every bucket (and CPU, or process), zeros included, so they plot as they are.
 *
 * @param fromNs the first bucket's start on the capture clock (the window's start, within the recording)
 * @param toNs the last bucket's end (the window's end, within the recording); the last bucket may be cut short
 * @param bucketNs bucket length
 * @param cpus columns {@code time_s} (bucket start, seconds since the recording started), {@code cpu},
 *     {@code busy_pct} (of the bucket), {@code top_comm}, {@code top_pid}, {@code top_pct} (of the bucket; null
 *     when nothing ran) and {@code loss} (the sched source lost events in an interval that overlaps the bucket,
 *     so its numbers are short)
 * @param processes columns {@code time_s}, {@code pid}, {@code comm}, {@code run_ms}, {@code runnable_ms},
 *     {@code blocked_ms} (each summed over the process's threads) and {@code loss}; processes in order of run
 *     time in the window
 */
public record Timeline(long fromNs, long toNs, long bucketNs, Table cpus, Table processes) {
    /** The most buckets a timeline has: a longer one needs a larger bucket. */
    public static final int MAX_BUCKETS = 10_000;

    public int buckets() {
        return toNs <= fromNs ? 0 : (int) ((toNs - fromNs + bucketNs - 1) / bucketNs);
    }

    public boolean isEmpty() {
        return cpus.rows().isEmpty() && processes.rows().isEmpty();
    }

    /** A bucket length that cuts {@code spanNs} into at most about {@code target} buckets: 1, 2 or 5 times a power of ten ns. */
    public static long niceBucket(long spanNs, int target) {
        long want = Math.max(1, spanNs / Math.max(1, target));
        for (long p = 1; ; p *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * p >= want) return m * p;
            }
            if (p > Long.MAX_VALUE / 100) return p * 10;
        }
    }

    static List<Table.Column> cpuColumns() {
        return List.of(Table.Column.named("time_s", Table.Type.DECIMAL), Table.Column.named("cpu", Table.Type.INTEGER),
                Table.Column.named("busy_pct", Table.Type.DECIMAL), Table.Column.named("top_comm", Table.Type.TEXT),
                Table.Column.named("top_pid", Table.Type.INTEGER), Table.Column.named("top_pct", Table.Type.DECIMAL),
                Table.Column.named("loss", Table.Type.BOOLEAN));
    }

    static List<Table.Column> processColumns() {
        return List.of(Table.Column.named("time_s", Table.Type.DECIMAL), Table.Column.named("pid", Table.Type.INTEGER),
                Table.Column.named("comm", Table.Type.TEXT), Table.Column.named("run_ms", Table.Type.DECIMAL),
                Table.Column.named("runnable_ms", Table.Type.DECIMAL), Table.Column.named("blocked_ms", Table.Type.DECIMAL),
                Table.Column.named("loss", Table.Type.BOOLEAN));
    }
}
