package dev.jrec.cli;

import dev.jrec.analysis.Grouping;
import picocli.CommandLine.Option;

/** Scheduler histograms (runqlat, cpudist): one histogram, or one per process, per CPU or per cgroup. */
final class PerProcessOrCpuView extends QueryView.Histogram {
    @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
    boolean perProcess;

    @Option(names = "--per-cpu", description = "a histogram per CPU")
    boolean perCpu;

    @Option(names = "--per-cgroup", description = "a histogram per cgroup, named by its container or pod where the path has one")
    boolean perCgroup;

    @Override
    Grouping grouping() {
        if ((perProcess ? 1 : 0) + (perCpu ? 1 : 0) + (perCgroup ? 1 : 0) > 1) throw usage("choose one of --per-process, --per-cpu and --per-cgroup");
        return perProcess ? Grouping.PROCESS : perCpu ? Grouping.CPU : perCgroup ? Grouping.CGROUP : Grouping.NONE;
    }
}
