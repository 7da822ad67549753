package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** biotop: one disk only (-d), and how many rows (-r). */
final class BiotopView extends QueryView.Rows {
    @Option(names = {"-d", "--disk"}, paramLabel = "DISK", description = "only this disk, e.g. vda")
    String disk;

    @Option(names = {"-r", "--top"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    String disk() {
        return disk;
    }

    @Override
    Map<String, Object> params() {
        return Map.of("limit", (long) top);
    }
}
