package dev.jrec.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Power-of-two buckets of a duration, BCC style: bucket 0 holds 0 and 1 unit, bucket i ≥ 1 holds
 * [2^i, 2^(i+1) − 1] units (durations are truncated to whole units first, as BCC's tools do). Possibly one
 * histogram per group (process, CPU, disk, flags), each with exact quantiles of the undivided values.
 *
 * @param unit what one unit is called in a BCC header: {@code usecs}, {@code msecs}, {@code nsecs}
 * @param unitNs nanoseconds per unit
 * @param groupBy what groups are: empty for a single histogram, else {@code pid}, {@code cpu}, {@code disk}, {@code flags}
 */
public record Log2Histogram(String unit, long unitNs, String groupBy, List<Group> groups) {
    public Log2Histogram {
        groups = List.copyOf(groups);
    }

    /** Units BCC's tools offer. */
    public enum Unit {
        NSECS(1), USECS(1_000), MSECS(1_000_000);

        public final long ns;

        Unit(long ns) {
            this.ns = ns;
        }

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One histogram.
     *
     * @param key the group's value (a pid, a CPU number, a disk); empty when not grouped
     * @param name a readable name for the key: the process's comm for a pid, else empty
     * @param counts events per bucket; trailing empty buckets are not kept
     * @param total events in the group
     * @param p50Ns median, ns (quantile_cont: interpolated)
     * @param p99Ns 99th percentile, ns
     * @param p999Ns 99.9th percentile, ns
     * @param maxNs largest value, ns
     */
    public record Group(String key, String name, long[] counts, long total, double p50Ns, double p99Ns, double p999Ns, long maxNs) {
        public long count(int bucket) {
            return bucket < counts.length ? counts[bucket] : 0;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && key.equals(g.key) && name.equals(g.name) && Arrays.equals(counts, g.counts)
                    && total == g.total && p50Ns == g.p50Ns && p99Ns == g.p99Ns && p999Ns == g.p999Ns && maxNs == g.maxNs;
        }

        @Override
        public int hashCode() {
            return key.hashCode() * 31 + Arrays.hashCode(counts);
        }

        @Override
        public String toString() {
            return "Group[" + key + " " + name + " " + Arrays.toString(counts) + " total=" + total + "]";
        }
    }

    /** Lowest value of bucket i, in units (BCC prints bucket 0 as 0 -> 1). */
    public static long low(int bucket) {
        return bucket == 0 ? 0 : 1L << bucket;
    }

    /** Highest value of bucket i, in units. */
    public static long high(int bucket) {
        return bucket >= 63 ? Long.MAX_VALUE : (1L << (bucket + 1)) - 1;
    }

    public boolean isEmpty() {
        return groups.isEmpty();
    }

    /** Builds a histogram from a histogram query's rows (one per group and non-empty bucket, groups in order). */
    static Log2Histogram fromRows(Unit unit, String groupBy, Table t) {
        List<Group> groups = new ArrayList<>();
        int key = t.column("group_key"), name = t.column("group_name"), bucket = t.column("bucket"), count = t.column("count");
        int total = t.column("total"), p50 = t.column("p50_ns"), p99 = t.column("p99_ns"), p999 = t.column("p999_ns"), max = t.column("max_ns");
        int i = 0;
        while (i < t.rows().size()) {
            List<Object> first = t.rows().get(i);
            String k = String.valueOf(first.get(key));
            long[] counts = new long[0];
            int j = i;
            for (; j < t.rows().size() && String.valueOf(t.rows().get(j).get(key)).equals(k); j++) {
                int b = ((Number) t.rows().get(j).get(bucket)).intValue();
                if (b >= counts.length) counts = Arrays.copyOf(counts, b + 1);
                counts[b] = ((Number) t.rows().get(j).get(count)).longValue();
            }
            Object n = first.get(name);
            groups.add(new Group(k, n == null ? "" : n.toString(), counts, ((Number) first.get(total)).longValue(),
                    dbl(first.get(p50)), dbl(first.get(p99)), dbl(first.get(p999)), ((Number) first.get(max)).longValue()));
            i = j;
        }
        return new Log2Histogram(unit.label(), unit.ns, groupBy, groups);
    }

    private static double dbl(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }
}
