package dev.jrec.gui.latency;

import dev.jrec.analysis.Analysis;
import dev.jrec.analysis.Grouping;
import java.util.List;

/** The latency histograms the workbench offers, each a BCC tool, with the splits that tool has. */
public enum Latency {
    RUNQLAT(Analysis.RUNQLAT, "Run-queue latency (runqlat)", List.of(Grouping.NONE, Grouping.PROCESS, Grouping.CPU, Grouping.CGROUP)),
    CPUDIST(Analysis.CPUDIST, "On-CPU time per run (cpudist)", List.of(Grouping.NONE, Grouping.PROCESS, Grouping.CPU, Grouping.CGROUP)),
    BIOLATENCY(Analysis.BIOLATENCY, "Block I/O latency (biolatency)", List.of(Grouping.NONE, Grouping.DISK, Grouping.FLAGS)),
    SYSLAT(Analysis.SYSLAT, "Syscall latency (syslat)", List.of(Grouping.NONE, Grouping.PROCESS)),
    FUNCLATENCY(Analysis.FUNCLATENCY, "Function latency (funclatency)", List.of(Grouping.NONE, Grouping.PROCESS));

    final Analysis analysis;
    final String label;
    final List<Grouping> groupings;

    Latency(Analysis analysis, String label, List<Grouping> groupings) {
        this.analysis = analysis;
        this.label = label;
        this.groupings = groupings;
    }

    /** What the histogram is of, chosen beside it: a syscall, a function; null when it has no such choice. */
    String subject() {
        return this == SYSLAT ? "syscall" : this == FUNCLATENCY ? "function" : null;
    }

    static String label(Grouping g) {
        return switch (g) {
            case NONE -> "all together";
            case PROCESS -> "per process";
            case CPU -> "per CPU";
            case DISK -> "per disk";
            case FLAGS -> "per operation (rwbs)";
            case CGROUP -> "per cgroup (container, pod)";
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
