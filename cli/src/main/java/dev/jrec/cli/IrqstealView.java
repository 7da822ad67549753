package dev.jrec.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** irqsteal: per thread (--per-thread), one CPU (--cpu), how many rows (-T). */
final class IrqstealView extends QueryView.Rows {
    @Option(names = "--per-thread", description = "a row per thread, not per process")
    boolean perThread;

    @Option(names = "--cpu", paramLabel = "CPU", description = "only the interrupts CPU CPU took")
    Integer cpu;

    @Option(names = {"-T", "--top"}, paramLabel = "N", defaultValue = "10", description = "rows to print (default: ${DEFAULT-VALUE})")
    int top;

    @Override
    Map<String, Object> params() {
        Map<String, Object> p = new HashMap<>();
        p.put("per_thread", perThread);
        p.put("cpu", cpu);
        p.put("limit", (long) top);
        return p;
    }
}
