package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.render.Renderer;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** futexctn: how many rows (-T); -d a log2 histogram of wait times per process and futex word instead, as BCC prints it. */
final class FutexctnView extends ReportCommand.View {
    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Option(names = {"-d", "--dist"}, description = "a log2 histogram of wait times per process and futex word, instead of the table")
    boolean dist;

    @Option(names = {"-m", "--milliseconds"}, description = "with -d: millisecond buckets (default: microseconds)")
    boolean millis;

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        if (dist) {
            Log2Histogram h = r.histogram(analysis, "futex_histogram", f, "futex", millis ? Log2Histogram.Unit.MSECS : Log2Histogram.Unit.USECS,
                    Map.of());
            nothing(h.isEmpty(), "futex waits");
            out.histogram(spec.name(), h);
            return;
        }
        Map<String, Object> p = new HashMap<>();
        p.put("limit", (long) top);
        r.rows(analysis, analysis.query(), f, p, out.table(spec.name()));
    }
}
