package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** threadstates: how many threads (-r). */
final class ThreadStatesView extends QueryView.Rows {
    @Option(names = {"-r", "--top"}, paramLabel = "N", defaultValue = "20", description = "threads to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    Map<String, Object> params() {
        return Map.of("limit", (long) top);
    }
}
