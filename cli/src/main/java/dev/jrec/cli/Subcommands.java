package dev.jrec.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * jrec's subcommands by name. A command line names one, and only that one is built: picocli reflects over
 * every option of every command it is given, which for all of them took ~120 ms of a recording's start
 * (launch to attached is a user-visible figure, bench/startup.sh). The analysis commands need the full
 * edition (jrec-analysis and DuckDB on the class path); the recording edition leaves them out and
 * answers them with one line that says where they are.
 */
final class Subcommands {
    private Subcommands() {}

    /** Name → class, in the order --help lists them; record is built by the caller (it keeps the command line). */
    private static final Map<String, String> CLASSES = new LinkedHashMap<>();
    static {
        CLASSES.put("record", null);
        CLASSES.put("info", "dev.jrec.cli.InfoCommand");
        CLASSES.put("recover", "dev.jrec.cli.RecoverCommand");
        CLASSES.put("dump", "dev.jrec.cli.DumpCommand");
        CLASSES.put("trigger", "dev.jrec.cli.TriggerCommand");
        CLASSES.put("views", "dev.jrec.cli.ViewsCommand");
        CLASSES.put("report", "dev.jrec.cli.ReportCommand");
        CLASSES.put("query", "dev.jrec.cli.QueryCommand");
        CLASSES.put("export", "dev.jrec.cli.ExportCommand");
        CLASSES.put("symbolize", "dev.jrec.cli.SymbolizeCommand");
        CLASSES.put("probes", "dev.jrec.cli.ProbesCommand");
    }

    /** Commands that run SQL over a capture in DuckDB: the full edition's. */
    static final List<String> ANALYSIS = List.of("views", "report", "query", "export");

    /** Classes whose absence marks the recording edition. */
    private static final List<String> ANALYSIS_CLASSES = List.of("dev.jrec.analysis.CaptureDb", "org.duckdb.DuckDBDriver");

    static void register(CommandLine cl, String[] args, Object record) {
        String named = args.length > 0 && CLASSES.containsKey(args[0]) ? args[0] : null;
        for (String name : CLASSES.keySet()) {
            if (named == null || name.equals(named)) cl.addSubcommand(name, build(name, record));
        }
        if (named == null) cl.addSubcommand("help", new CommandLine.HelpCommand());
    }

    private static Object build(String name, Object record) {
        if (name.equals("record")) return record;
        if (ANALYSIS.contains(name) && !fullEdition()) return new NotInThisEdition(name);
        try {
            return new CommandLine(Class.forName(CLASSES.get(name)).getDeclaredConstructor().newInstance()); // applies a command's modelTransformer (report adds its views)
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("jrec is incomplete: command class " + CLASSES.get(name) + " is missing", e);
        }
    }

    static boolean fullEdition() {
        for (String c : ANALYSIS_CLASSES) {
            try {
                Class.forName(c, false, Subcommands.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                return false;
            }
        }
        return true;
    }

    /** An analysis command in the recording edition: says where it is and exits with UNSUPPORTED. */
    @Command(description = "In jrec's full edition only: this is the recording edition (no DuckDB).")
    static final class NotInThisEdition implements Callable<Integer> {
        private final String name;

        @Unmatched List<String> ignored;

        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        NotInThisEdition(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            spec.commandLine().getErr().println("jrec " + name + ": this is jrec's recording edition, which leaves the analyzer (DuckDB) out;"
                    + " run it where the full edition (jrec-VERSION-linux-x86_64.tar.gz or the .deb) is installed, or read the capture"
                    + " with DuckDB itself: SELECT kind, count(*) FROM 'capture.parquet' GROUP BY kind");
            return ExitCodes.UNSUPPORTED;
        }
    }
}
