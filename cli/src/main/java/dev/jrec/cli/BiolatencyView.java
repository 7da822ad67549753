package dev.jrec.cli;

import dev.jrec.analysis.Grouping;
import picocli.CommandLine.Option;

/** biolatency: per disk (-D) or per set of flags (-F), and one disk only (-d). */
final class BiolatencyView extends QueryView.Histogram {
    @Option(names = {"-D", "--disks"}, description = "a histogram per disk")
    boolean perDisk;

    @Option(names = {"-F", "--flags"}, description = "a histogram per set of I/O flags, named as BCC names them (Read, Write, Sync-Write, ReadAhead-Read, PreFlush-Flush, ...)")
    boolean perFlags;

    @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
    String disk;

    @Override
    String disk() {
        return disk;
    }

    @Override
    Grouping grouping() {
        if (perDisk && perFlags) throw usage("choose one of -D and -F");
        return perDisk ? Grouping.DISK : perFlags ? Grouping.FLAGS : Grouping.NONE;
    }
}
