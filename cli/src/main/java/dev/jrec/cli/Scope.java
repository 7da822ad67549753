package dev.jrec.cli;

import dev.jrec.analysis.Filter;
import dev.jrec.analysis.Reports;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** Which part of a capture a report or an export looks at: a time window and the tasks in it. */
final class Scope {
    @Option(names = "--from", paramLabel = "TIME", description = "start of the window: offset from the recording's start (2.5s, 500ms), -5s from its end, or an ISO time")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "end of the window (exclusive), written as --from")
    String to;

    @Option(names = {"-p", "--pid"}, paramLabel = "PID", split = ",", description = "only this process (repeatable)")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--comm", paramLabel = "NAME", description = "only tasks with this comm or whose process has this name, or a glob like 'kworker*'")
    String comm;

    /** The filter these options make; times are read against the capture, so a bad one is a usage error of {@code cl}. */
    Filter filter(Reports r, CommandLine cl, String disk) {
        long fromNs = from == null ? Long.MIN_VALUE : time(r, cl, "--from", from);
        long toNs = to == null ? Long.MAX_VALUE : time(r, cl, "--to", to);
        if (fromNs > toNs) throw new ParameterException(cl, "--from " + from + " is after --to " + to);
        return new Filter(fromNs, toNs, pids, comm, disk);
    }

    private static long time(Reports r, CommandLine cl, String option, String value) {
        try {
            return r.time(value);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ParameterException(cl, option + ": " + e.getMessage());
        }
    }
}
