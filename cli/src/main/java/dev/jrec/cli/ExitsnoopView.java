package dev.jrec.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** exitsnoop: every thread's exit too (--per-thread). */
final class ExitsnoopView extends QueryView.Rows {
    @Option(names = "--per-thread", description = "every thread's exit, not only processes'")
    boolean perThread;

    @Override
    Map<String, Object> params() {
        return Map.of("per_thread", perThread);
    }
}
