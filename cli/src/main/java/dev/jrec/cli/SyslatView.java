package dev.jrec.cli;

import dev.jrec.analysis.Grouping;
import java.util.Map;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** syslat: which syscall, and per process (-P). */
final class SyslatView extends QueryView.Histogram {
    @Parameters(index = "0", paramLabel = "SYSCALL", description = "syscall name, e.g. read, futex, openat")
    String syscall;

    @Option(names = {"-P", "--per-process"}, description = "a histogram per process")
    boolean perProcess;

    @Override
    Grouping grouping() {
        return perProcess ? Grouping.PROCESS : Grouping.NONE;
    }

    @Override
    Map<String, Object> params() {
        return Map.of("syscall", syscall);
    }

    @Override
    String nothing() {
        return syscall + " calls";
    }
}
