package dev.jrec.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** futexctn: how many rows (-T). */
final class FutexctnView extends QueryView.Rows {
    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    Map<String, Object> params() {
        Map<String, Object> p = new HashMap<>();
        p.put("limit", (long) top);
        return p;
    }
}
