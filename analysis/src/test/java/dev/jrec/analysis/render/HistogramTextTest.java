package dev.jrec.analysis.render;

import static org.junit.jupiter.api.Assertions.*;

import dev.jrec.analysis.Log2Histogram;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Histograms print byte for byte as BCC's tools print them (samples from bcc's tools/runqlat_example.txt). */
class HistogramTextTest {
    private static String buckets(long[] counts, String unit) {
        StringWriter s = new StringWriter();
        PrintWriter out = new PrintWriter(s);
        HistogramText.buckets(counts, unit, out);
        out.flush();
        return s.toString();
    }

    @Test
    void aHeavilyLoadedSystemAsBccPrintsIt() {
        long[] counts = {233, 742, 203, 173, 24, 0, 30, 6, 3, 5, 27, 30, 20, 29, 809, 64};
        assertEquals("""
                     usecs               : count     distribution
                         0 -> 1          : 233      |***********                             |
                         2 -> 3          : 742      |************************************    |
                         4 -> 7          : 203      |**********                              |
                         8 -> 15         : 173      |********                                |
                        16 -> 31         : 24       |*                                       |
                        32 -> 63         : 0        |                                        |
                        64 -> 127        : 30       |*                                       |
                       128 -> 255        : 6        |                                        |
                       256 -> 511        : 3        |                                        |
                       512 -> 1023       : 5        |                                        |
                      1024 -> 2047       : 27       |*                                       |
                      2048 -> 4095       : 30       |*                                       |
                      4096 -> 8191       : 20       |                                        |
                      8192 -> 16383      : 29       |*                                       |
                     16384 -> 32767      : 809      |****************************************|
                     32768 -> 65535      : 64       |***                                     |
                """, buckets(counts, "usecs"));
    }

    @Test
    void millisecondsAndTrailingEmptyBuckets() {
        assertEquals("""
                     msecs               : count     distribution
                         0 -> 1          : 3818     |****************************************|
                         2 -> 3          : 39       |                                        |
                         4 -> 7          : 39       |                                        |
                         8 -> 15         : 62       |                                        |
                        16 -> 31         : 2214     |***********************                 |
                        32 -> 63         : 226      |**                                      |
                """, buckets(new long[] {3818, 39, 39, 62, 2214, 226, 0, 0}, "msecs"));
        assertEquals("", buckets(new long[] {0, 0}, "usecs"), "BCC prints nothing for an empty histogram");
    }

    @Test
    void bucketsPast32UseBccsWideLayout() {
        long[] counts = new long[34];
        counts[0] = 2;
        counts[33] = 1;
        String out = buckets(counts, "nsecs");
        assertTrue(out.startsWith("               nsecs                         : count     distribution\n"), out);
        assertTrue(out.contains("\n                   0 -> 1                    : 2        |********************|\n"), out);
        assertTrue(out.endsWith("          8589934592 -> 17179869183          : 1        |**********          |\n"), out);
    }

    @Test
    void groupsAsBccPrintsThemThenQuantiles() {
        Log2Histogram h = new Log2Histogram("usecs", 1000, "pid", List.of(
                new Log2Histogram.Group("12929", "", new long[] {1, 0, 1}, 2, 3000, 5900, 5990, 6000),
                new Log2Histogram.Group("7", "kthreadd", new long[] {0, 10}, 10, 2500.5, 3000, 3000, 3000)));
        StringWriter s = new StringWriter();
        HistogramText.render(h, new PrintWriter(s));
        assertEquals("""

                pid = 12929
                     usecs               : count     distribution
                         0 -> 1          : 1        |****************************************|
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 1        |****************************************|
                count 2  p50 3.0  p99 5.9  p99.9 6.0  max 6.0  (usecs)

                pid = 7 kthreadd
                     usecs               : count     distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 10       |****************************************|
                count 10  p50 2.5  p99 3.0  p99.9 3.0  max 3.0  (usecs)
                """, s.toString());
    }

    @Test
    void flagsAreNamedAsBiolatencyFPrintsThem() {
        Log2Histogram h = new Log2Histogram("usecs", 1000, "flags", List.of(
                new Log2Histogram.Group("WS", "Sync-Write", new long[] {0, 1}, 1, 2000, 2000, 2000, 2000)));
        StringWriter s = new StringWriter();
        HistogramText.render(h, new PrintWriter(s));
        assertTrue(s.toString().startsWith("\nflags = Sync-Write\n     usecs "), s.toString());
    }
}
