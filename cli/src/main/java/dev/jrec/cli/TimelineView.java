package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.TimeSpec;
import dev.jrec.analysis.Timeline;
import dev.jrec.analysis.render.Format;
import dev.jrec.analysis.render.Renderer;
import dev.jrec.analysis.render.TimelineOutput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(description = {"What happened over time, per bucket: for each CPU, how busy it was and the",
    "task that ran the most; for the processes that ran the most, the ms their",
    "threads ran, waited runnable and were blocked. ! marks buckets in which the",
    "scheduler lost events. -p/--comm select the tasks counted."})
final class TimelineView extends ReportCommand.View {
    @Option(names = "--bucket", paramLabel = "DURATION", description = "bucket length, e.g. 10ms, 1s (default: about 30 buckets over the window)")
    String bucket;

    @Option(names = "--top", paramLabel = "N", defaultValue = "5", description = "processes to show (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        long bucketNs = 0;
        if (bucket != null) {
            try {
                bucketNs = bucket.strip().startsWith("-") ? -1 : TimeSpec.parse(bucket, 0, 0, 0);
            } catch (IllegalArgumentException | ArithmeticException e) {
                bucketNs = -1;
            }
            if (bucketNs <= 0) throw usage("--bucket: '" + bucket + "' is not a duration: write it like 10ms, 500us or 1s");
        }
        if (top < 0) throw usage("--top must be 0 or more");
        Timeline t;
        try {
            t = r.timeline(f, bucketNs, top);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (t.isEmpty() && selection.format == Format.TEXT) spec.commandLine().getErr().println("jrec: nothing ran in the selection");
        TimelineOutput.write(t, selection.format, out());
    }
}
