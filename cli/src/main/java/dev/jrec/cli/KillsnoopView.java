package dev.jrec.cli;

import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Map;

/** killsnoop: one signal (-s), or SIGCHLD too (--sigchld). */
final class KillsnoopView extends QueryView.Rows {
    @Option(names = {"-s", "--signal"}, paramLabel = "SIG", converter = Signals.Converter.class,
            description = "only this signal, by number or name: 9, KILL, SIGKILL")
    Integer signal;

    @Option(names = "--sigchld", description = "also SIGCHLD, which every child's exit sends its parent")
    boolean sigchld;

    @Override
    Map<String, Object> params() {
        Map<String, Object> p = new HashMap<>();
        p.put("sig", signal);
        p.put("sigchld", sigchld);
        return p;
    }
}
