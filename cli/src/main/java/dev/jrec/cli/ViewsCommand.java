package dev.jrec.cli;

import dev.jrec.analysis.CaptureDb;
import dev.jrec.formats.read.CaptureVerifier;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "views",
        description = {"Print the SQL that defines jrec's documented views over a capture, for the DuckDB CLI:",
            "  jrec views capture.parquet > views.sql && duckdb -init views.sql",
            "then e.g. SELECT * FROM syscall WHERE errno IS NOT NULL; every view's columns are commented in the SQL."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class ViewsCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CAPTURE", description = "a .parquet capture written by 'jrec record'")
    Path capture;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CaptureVerifier.verify(capture); // the views read whatever bytes they find: a damaged file is said now
        spec.commandLine().getOut().print(CaptureDb.viewsSql(capture));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
