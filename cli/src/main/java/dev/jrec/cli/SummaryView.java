package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.render.Renderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(description = "Host, kernel, span; events and drops per source and when drops happened; the top processes by CPU time, off-CPU time, syscalls and block I/O (those the capture recorded).")
final class SummaryView extends ReportCommand.View {
    @Option(names = "--top", paramLabel = "N", defaultValue = "10", description = "processes per table (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        out.summary(r.summary(f, top));
    }
}
