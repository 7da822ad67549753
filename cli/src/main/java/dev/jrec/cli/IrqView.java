package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.render.Renderer;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * hardirqs and softirqs, with BCC's options: a total per handler (or vector) in usecs, -N nanoseconds, -C runs
 * instead of time, -d a log2 histogram each instead; --cpu one CPU only (BCC's hardirqs --cpu).
 */
abstract class IrqView extends ReportCommand.View {
    @Option(names = {"-C", "--count"}, description = "handler runs instead of time")
    boolean count;

    @Option(names = {"-d", "--dist"}, description = "a log2 histogram of handler run times each, instead of totals")
    boolean dist;

    @Option(names = {"-N", "--nanoseconds"}, description = "nanoseconds instead of microseconds")
    boolean nanos;

    @Option(names = "--cpu", paramLabel = "CPU", description = "only the interrupts CPU CPU took")
    Integer cpu;

    /** Which handlers, as irq_histogram's group_by and BCC's label names them: hardirq or softirq. */
    abstract String handlers();

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        if (count && dist) throw usage("choose one of -C and -d");
        Log2Histogram.Unit unit = nanos ? Log2Histogram.Unit.NSECS : Log2Histogram.Unit.USECS;
        Map<String, Object> params = new HashMap<>();
        params.put("cpu", cpu);
        if (dist) {
            Log2Histogram h = r.histogram(analysis, "irq_histogram", f, handlers(), unit, params);
            nothing(h.isEmpty(), handlers() + " handler runs");
            out.histogram(spec.name(), h);
            return;
        }
        params.put("counts", count);
        params.put("unit_ns", unit.ns);
        r.rows(analysis, analysis.query(), f, params, total(out.table(spec.name()), "TOTAL_" + (count ? "count" : unit.label())));
    }

    /** BCC's heading of the total says its unit (TOTAL_usecs, TOTAL_count), which the query's column cannot. */
    private static Table.Sink total(Table.Sink sink, String header) {
        return sink.renaming(c -> c.name().equals("total") ? new Table.Column(header.toLowerCase(java.util.Locale.ROOT), header, c.type()) : c);
    }
}
