package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Grouping;
import dev.jrec.analysis.Log2Histogram;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.render.Renderer;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** funclatency FUNC: nanosecond buckets unless -u or -m, as BCC's funclatency; per process with -P. */
final class FunclatencyView extends ReportCommand.View {
    @Parameters(index = "0", paramLabel = "FUNC", description = "the function (malloc) or USDT probe, or a glob over the probe's name ('*libssl*:SSL_write')")
    String func;

    @Option(names = {"-u", "--microseconds"}, description = "microsecond buckets (default: nanoseconds)")
    boolean micros;

    @Option(names = {"-m", "--milliseconds"}, description = "millisecond buckets")
    boolean millis;

    @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
    boolean perProcess;

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        if (micros && millis) throw usage("choose one of -u and -m");
        Log2Histogram.Unit unit = millis ? Log2Histogram.Unit.MSECS : micros ? Log2Histogram.Unit.USECS : Log2Histogram.Unit.NSECS;
        Log2Histogram h = r.histogram(analysis, f, perProcess ? Grouping.PROCESS : Grouping.NONE, unit, Map.of("func", func));
        nothing(h.isEmpty(), "timed calls of " + func + " (record them with --uretprobe)");
        out.histogram(spec.name(), h);
    }
}
