package dev.jrec.cli;

import dev.jrec.analysis.CaptureDb;
import dev.jrec.analysis.DuckDbSettings;
import dev.jrec.analysis.Query;
import dev.jrec.analysis.render.Format;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "query",
        description = {"Run SQL over a capture's documented views and print the result:",
            "  jrec query capture.parquet \\",
            "    \"SELECT name, count(*) FROM syscall WHERE errno IS NOT NULL GROUP BY ALL\"",
            "The views (sched_switch, sched_wakeup, proc_exec, proc_fork, proc_exit,",
            "block_rq_issue, block_rq_complete, syscall, loss, thread, process,",
            "capture_metadata, ...) and their columns: 'jrec views'. SQL '-' reads the",
            "statement from standard input. A SQL error exits with 2."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class QueryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a .parquet capture written by 'jrec record'")
    Path capture;

    @Parameters(index = "1", paramLabel = "SQL", description = "one SQL statement, or - to read it from standard input")
    String sql;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", converter = ReportCommand.FormatConverter.class,
            description = "text, json or csv (default: ${DEFAULT-VALUE})")
    Format format;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String statement = "-".equals(sql) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8) : sql;
        try (CaptureDb db = CaptureDb.open(capture)) {
            DuckDbSettings.apply(db.connection());
            long done = Query.streamSql(db.connection(), statement.strip().replaceAll(";+$", ""), format.renderer(out, "NULL").table("query"));
            if (done >= 0) spec.commandLine().getErr().printf("jrec: done (%s rows)%n", Units.count(done));
        } catch (SQLException e) {
            spec.commandLine().getErr().println("jrec: " + Query.errorLine(e));
            return ExitCodes.USAGE;
        }
        return ExitCodes.OK;
    }
}
