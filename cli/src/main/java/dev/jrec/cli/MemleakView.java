package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** memleak: --older (BCC's -o, in its time units here: 500ms, 5s), how many stacks (-T). */
final class MemleakView extends QueryView.Rows {
    @Option(names = {"-o", "--older"}, paramLabel = "TIME", defaultValue = "0",
            description = "only allocations at least this long before the recording's end, e.g. 5s (default: all)")
    String older;

    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "10", description = "stacks to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    Map<String, Object> params() {
        long olderNs;
        try {
            olderNs = Sizes.duration(older, "--older").toNanos();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return Map.of("older_ns", olderNs, "limit", (long) top);
    }
}
