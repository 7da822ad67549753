package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * syscount: per process (-P, the query syscount_process) or per cgroup (--per-cgroup, syscount_cgroup), by time (-L),
 * failures only (-x), how many rows (-T).
 */
final class SyscountView extends QueryView.Rows {
    @Option(names = {"-P", "--process"}, description = "count per process, not per syscall")
    boolean perProcess;

    @Option(names = "--per-cgroup", description = "count per cgroup (container, pod, service), not per syscall")
    boolean perCgroup;

    @Option(names = {"-L", "--latency"}, description = "the most total time first (default: the most calls first)")
    boolean byLatency;

    @Option(names = {"-x", "--failures"}, description = "count failed calls only")
    boolean failures;

    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "10", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    String query() {
        if (perProcess && perCgroup) throw usage("choose one of -P and --per-cgroup");
        return perProcess ? "syscount_process" : perCgroup ? "syscount_cgroup" : "syscount";
    }

    @Override
    Map<String, Object> params() {
        return Map.of("failed_only", failures, "by_time", byLatency, "limit", (long) top);
    }
}
