package dev.jrec.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** nettop: the report's interval (-i); per process, or per cgroup (--per-cgroup, the query nettop_cgroup). */
final class NettopView extends QueryView.Rows {
    @Option(names = {"-i", "--interval"}, paramLabel = "TIME", defaultValue = "1s",
            description = "one row per process per TIME: 1s, 10s, 1m; 0 for the whole window (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--per-cgroup", description = "one row per cgroup (container, pod, service) per TIME, not per process")
    boolean perCgroup;

    @Override
    String query() {
        return perCgroup ? "nettop_cgroup" : "nettop";
    }

    @Override
    Map<String, Object> params() {
        long ns;
        try {
            ns = interval.strip().equals("0") ? 0 : Sizes.duration(interval, "--interval").toNanos();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return Map.of("interval_ns", ns);
    }
}
