package dev.jrec.analysis.render;

import dev.jrec.analysis.Log2Histogram;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Log2 histograms exactly as BCC's tools print them (tools/*.py via table.py print_log2_hist; libbpf-tools'
 * trace_helpers.c prints the same rows, its header with one space less before "distribution"), followed by
 * a line of quantiles, which BCC does not have.
 */
public final class HistogramText {
    private static final int STARS = 40;

    private HistogramText() {}

    public static void render(Log2Histogram h, PrintWriter out) {
        for (Log2Histogram.Group g : h.groups()) {
            if (!h.groupBy().isEmpty()) out.printf("%n%s = %s%n", h.groupBy(), label(h, g));
            buckets(g.counts(), h.unit(), out);
            out.println(quantiles(g, h));
        }
        out.flush();
    }

    /**
     * What follows {@code GROUP = }: the key and its name ({@code pid = 42 nginx}); for flags and softirq vectors only
     * their name, as BCC's biolatency -F and softirqs -d print them ({@code flags = Sync-Write}, {@code softirq =
     * net_rx}), the key (the rwbs, the vector number) being what orders them.
     */
    static String label(Log2Histogram h, Log2Histogram.Group g) {
        if (g.name().isEmpty()) return g.key();
        return h.groupBy().equals("flags") || h.groupBy().equals("softirq") ? g.name() : g.key() + " " + g.name();
    }

    /** BCC's print_log2_hist: every bucket from 0 to the last non-empty one; nothing when all are empty. */
    public static void buckets(long[] counts, String unit, PrintWriter out) {
        int idxMax = -1;
        long valMax = 0;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) idxMax = i;
            valMax = Math.max(valMax, counts[i]);
        }
        if (idxMax < 0) return;
        boolean wide = idxMax > 32;
        int stars = wide ? STARS / 2 : STARS;
        out.printf(Locale.ROOT, wide ? "               %-29s : count     distribution%n" : "     %-19s : count     distribution%n", unit);
        for (int i = 0; i <= idxMax; i++) {
            String bar = stars(counts[i], valMax, stars);
            out.printf(Locale.ROOT, wide ? "%20d -> %-20d : %-8d |%-" + stars + "s|%n" : "%10d -> %-10d : %-8d |%-" + stars + "s|%n",
                    Log2Histogram.low(i), Log2Histogram.high(i), counts[i], bar);
        }
    }

    private static String stars(long val, long valMax, int width) {
        return "*".repeat((int) (Math.min(val, valMax) * width / valMax));
    }

    static String quantiles(Log2Histogram.Group g, Log2Histogram h) {
        return String.format(Locale.ROOT, "count %d  p50 %s  p99 %s  p99.9 %s  max %s  (%s)", g.total(), in(g.p50Ns(), h),
                in(g.p99Ns(), h), in(g.p999Ns(), h), in(g.maxNs(), h), h.unit());
    }

    private static String in(double ns, Log2Histogram h) {
        return h.unitNs() == 1 ? String.format(Locale.ROOT, "%.0f", ns) : String.format(Locale.ROOT, "%.1f", ns / h.unitNs());
    }
}
