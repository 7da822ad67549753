package dev.jrec.cli;

import dev.jrec.analysis.Grouping;
import picocli.CommandLine.Option;

/** Scheduler histograms (runqlat, cpudist): one histogram, or one per process or per CPU. */
final class PerProcessOrCpuView extends QueryView.Histogram {
    @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
    boolean perProcess;

    @Option(names = "--per-cpu", description = "a histogram per CPU")
    boolean perCpu;

    @Override
    Grouping grouping() {
        if (perProcess && perCpu) throw usage("choose one of --per-process and --per-cpu");
        return perProcess ? Grouping.PROCESS : perCpu ? Grouping.CPU : Grouping.NONE;
    }
}
