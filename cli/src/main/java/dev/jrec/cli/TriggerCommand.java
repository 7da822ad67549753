package dev.jrec.cli;

import java.net.SocketException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "trigger",
        description = {"Fire a ring recording's trigger from a script or an alerting hook: the recorder dumps",
            "its --pre/--post window around now, as for its own --trigger, with NAME in the dump's footer",
            "(jrec.trigger.name). It waits for the dump (the post-window first) and prints its path on stdout.",
            "Within --trigger-holdoff of the last trigger's dump, none is written (exit 3).",
            "",
            "Example:",
            "  jrec trigger 'p99 latency alert'",
            ""},
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 written; 2 bad usage; 3 held off, or no recorder runs in DIR; 5 the dump could not be written."})
public final class TriggerCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "what fired it, e.g. the alert's name")
    String name;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = RingDir.DEFAULT, description = "the recorder's --dir (default: ${DEFAULT-VALUE})")
    Path dir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var err = spec.commandLine().getErr();
        RingDir folder = new RingDir(dir);
        String[] answer;
        try {
            answer = ControlSocket.request(folder.socket(), "trigger", name.replace('\t', ' ').replace('\n', ' '));
        } catch (NoSuchFileException | SocketException e) {
            err.println("jrec: no recorder runs in " + folder.dir() + " (jrec record --ring ... --dir " + folder.dir() + " starts one)");
            return ExitCodes.BAD_INPUT;
        }
        if (!answer[0].equals("ok")) {
            String why = answer.length > 1 ? answer[1] : "no reason given";
            err.println("jrec: no dump: " + why);
            return why.contains("holdoff") ? ExitCodes.BAD_INPUT : ExitCodes.OUTPUT;
        }
        return DumpCommand.written(spec, answer);
    }
}
