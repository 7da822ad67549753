package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Reports;
import dev.jrec.analysis.Table;
import dev.jrec.analysis.render.Renderer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * lockstat, with perf lock contention's groupings: per caller (its default), -l/--by lock per lock, -t/--by task
 * per thread; the last column is headed for what it holds (caller, lock, task), as perf heads it.
 */
final class LockstatView extends ReportCommand.View {
    @Option(names = "--by", paramLabel = "KEY", defaultValue = "caller",
            description = "what a row is: caller (the first kernel function outside the locking code, perf's default), lock, "
                    + "task (default: ${DEFAULT-VALUE})")
    String by;

    @Option(names = {"-l", "--lock"}, description = "a row per lock, as perf lock contention -l (--by lock)")
    boolean perLock;

    @Option(names = {"-t", "--threads"}, description = "a row per waiting thread, as perf lock contention -t (--by task)")
    boolean perThread;

    @Option(names = {"-E", "--entries"}, paramLabel = "N", defaultValue = "20", description = "rows to print (default: ${DEFAULT-VALUE})")
    int entries;

    @Override
    void run(Reports r, Filter f, Renderer out) throws Exception {
        if (perLock && perThread) throw usage("choose one of -l and -t");
        String key = perLock ? "lock" : perThread ? "task" : by;
        if (!List.of("caller", "lock", "task").contains(key)) throw usage("--by: caller, lock or task, not '" + by + "'");
        Map<String, Object> params = new HashMap<>();
        params.put("by", key);
        params.put("limit", (long) entries);
        r.rows(analysis, analysis.query(), f, params, headed(out.table(spec.name()), key));
    }

    private static Table.Sink headed(Table.Sink sink, String key) {
        return sink.renaming(c -> c.name().equals("caller") && !key.equals("caller") ? new Table.Column(key, key.toUpperCase(java.util.Locale.ROOT), c.type()) : c);
    }
}
