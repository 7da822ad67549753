package dev.jrec.cli;

import picocli.CommandLine.Option;

/** biosnoop: one disk only (-d). */
final class BiosnoopView extends QueryView.Rows {
    @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
    String disk;

    @Override
    String disk() {
        return disk;
    }
}
