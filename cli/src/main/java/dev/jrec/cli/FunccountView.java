package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** funccount: per process (-P, the query funccount_process), how many rows (-T). */
final class FunccountView extends QueryView.Rows {
    @Option(names = {"-P", "--per-process"}, description = "count per process and function")
    boolean perProcess;

    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    String query() {
        return perProcess ? "funccount_process" : "funccount";
    }

    @Override
    Map<String, Object> params() {
        return Map.of("limit", (long) top);
    }
}
