package dev.jrec.cli;

import picocli.CommandLine.Option;

import java.util.Map;

/** nettop: the report's interval (-i). */
final class NettopView extends QueryView.Rows {
    @Option(names = {"-i", "--interval"}, paramLabel = "TIME", defaultValue = "1s",
            description = "one row per process per TIME: 1s, 10s, 1m; 0 for the whole window (default: ${DEFAULT-VALUE})")
    String interval;

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
