package dev.jrec.cli;

import dev.jrec.formats.write.Recovery;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "recover",
        description = {"Finish a capture whose recorder was killed (SIGKILL, OOM, power loss).",
            "A recording keeps closed segments in CAPTURE.parts/ (one about every second) and joins them at the end;",
            "this joins the closed ones into CAPTURE. Only the segment being written at the crash is lost.",
            "It finishes in one run from any point a recorder (or an earlier recover) was killed at.",
            "A recording that is still running is left alone (exit 3: 'being recorded by pid N').",
            "If the recorder died before its first segment closed, there is nothing to recover: the parts",
            "folder is removed (exit 3), so that 'jrec record -o CAPTURE' can run again."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class RecoverCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CAPTURE", description = "the output path the recording was given (-o)")
    Path capture;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Recovery.Result r = Recovery.recover(capture);
        if (r.cleanedUp()) {
            spec.commandLine().getOut().printf("%s was complete (%s rows from %d segments, %s): its recorder was killed while removing "
                    + "its segments; removed the rest%n", r.capture(), Units.count(r.rows()), r.segments(), Units.bytes(r.bytes()));
            return ExitCodes.OK;
        }
        spec.commandLine().getOut().printf("recovered %s: %s rows from %d segments (%s)%s%n", r.capture(),
                Units.count(r.rows()), r.segments(), Units.bytes(r.bytes()),
                r.lostSegments() > 0 ? "; " + r.lostSegments() + " unfinished segment lost" : "");
        if (r.spoolBytes() > 0) {
            spec.commandLine().getErr().printf("jrec: warning: the recorder was killed while its encoder ran behind: up to %s of events"
                    + " waiting in its spool are not in the capture (recover cannot encode a spool yet)%n", Units.bytes(r.spoolBytes()));
        }
        return ExitCodes.OK;
    }
}
