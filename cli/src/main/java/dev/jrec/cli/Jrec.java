package dev.jrec.cli;

import dev.jrec.formats.CategorizedFailure;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import dev.jrec.recorder.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code jrec} command: record on a host, inspect and analyze captures anywhere. */
@Command(name = "jrec",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Linux flight recorder: records kernel events (scheduler, processes, block I/O,",
            "syscalls) with eBPF into one self-contained Parquet capture.",
            "",
            "  jrec record -d 30s -o capture.parquet",
            "  jrec info capture.parquet        what a capture holds",
            "  jrec recover capture.parquet     finish a capture whose recorder was killed",
            "  jrec views capture.parquet       SQL views over a capture, for the DuckDB CLI",
            "  jrec report capture.parquet VIEW  BCC-style analyses (summary, runqlat, ...)",
            "  jrec query capture.parquet SQL    SQL over the views, printed as a table",
            "  jrec export capture.parquet --as svg   flame graphs, HTML report, Perfetto",
            "  jrec symbolize capture.parquet --debug-dir DIR  name frames later",
            "  jrec probes /usr/bin/python3 --usdt   what a file offers to --uprobe/--usdt",
            "  jrec open capture.parquet        the workbench (desktop app; full edition)"},
        footer = ExitCodes.HELP_FOOTER)
public final class Jrec {
    public static void main(String[] args) {
        System.exit(run(writer(System.out), writer(System.err), args));
    }

    /**
     * In the C/POSIX locale (env -i, cron, many systemd units) Java would print the reports' → and µ as '?':
     * there, as Python does (PEP 538), UTF-8, which today's terminals and journald read; else the locale's.
     */
    private static PrintWriter writer(java.io.PrintStream stream) {
        java.nio.charset.Charset cs = stream.charset();
        if (cs.equals(java.nio.charset.StandardCharsets.US_ASCII)) cs = java.nio.charset.StandardCharsets.UTF_8;
        return new PrintWriter(new java.io.OutputStreamWriter(stream, cs), true);
    }

    /** Every command, as {@code jrec --help} lists them: what the release build makes the man page and completion from. */
    public static CommandLine commandTree() {
        CommandLine cl = new CommandLine(new Jrec());
        Subcommands.register(cl, new String[0], new RecordCommand(java.util.List.of("jrec")));
        return cl;
    }

    /** Runs a command line and returns its exit code; errors are printed as one line on {@code err}. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Jrec());
        java.util.List<String> line = new java.util.ArrayList<>(java.util.List.of("jrec"));
        line.addAll(java.util.List.of(args));
        if (args.length > 0 && args[0].equals("record")) Recorder.prestart();
        Subcommands.register(cl, args, new RecordCommand(line));
        cl.setOut(out).setErr(err).setUsageHelpAutoWidth(true);
        // A usage error is one line and a pointer to --help, not the whole help text.
        cl.setParameterExceptionHandler((e, args2) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("jrec: " + oneLine(e));
            cmd.getErr().println("jrec: see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("jrec: " + oneLine(e));
            return exitCode(e);
        });
        return cl.execute(args);
    }

    /** A failure a command did not handle itself: its category, not its class, says which exit code. */
    static int exitCode(Throwable e) {
        if (e instanceof CategorizedFailure f) return ExitCodes.of(f.category());
        if (e instanceof FileAlreadyExistsException) return ExitCodes.OUTPUT;
        return ExitCodes.FAILURE;
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) m = e.getClass().getName();
        return m.lines().findFirst().orElse(m);
    }
}
