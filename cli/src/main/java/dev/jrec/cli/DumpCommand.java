package dev.jrec.cli;

import dev.jrec.recorder.ring.RingOptions;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dump",
        description = {"Write what a ring recording (jrec record --ring) holds as a capture, while it records.",
            "",
            "Examples:",
            "  jrec dump                          the whole ring of /var/lib/jrec, into /var/lib/jrec/dumps",
            "  jrec dump --last 2m -o incident.parquet",
            "",
            "The capture holds whole 1 s segments: up to a second more than asked on each side. With no",
            "recorder running in DIR (stopped, or killed), it dumps the ring that recorder left. The path",
            "written is printed on stdout.",
            ""},
        mixinStandardHelpOptions = true,
        footer = {"", "Exit codes: 0 written; 2 bad usage; 3 no ring in DIR (or no events in it); 5 the dump could not be written; 1 other failure."})
public final class DumpCommand implements Callable<Integer> {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = RingDir.DEFAULT, description = "the recorder's --dir (default: ${DEFAULT-VALUE})")
    Path dir;

    @Option(names = "--last", paramLabel = "TIME", description = "only the last TIME of events, e.g. 2m (default: all the ring holds)")
    String last;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "where to write it (default: DIR/dumps/jrec-HOST-TIME-request.parquet)")
    Path output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        long lastNs = last == null ? 0 : Sizes.duration(last, "--last").toNanos();
        Path out = output == null ? null : output.toAbsolutePath();
        if (out != null && Files.exists(out)) {
            spec.commandLine().getErr().println("jrec: " + out + " exists: choose another -o or remove it");
            return ExitCodes.USAGE;
        }
        RingDir folder = new RingDir(dir);
        var err = spec.commandLine().getErr();
        String[] answer;
        try {
            answer = ControlSocket.request(folder.socket(), "dump", Long.toString(lastNs), out == null ? "" : out.toString());
        } catch (NoSuchFileException | SocketException noRecorder) {
            RingOptions.Dump d;
            try {
                d = folder.dumpLeft(lastNs, out);
            } catch (NoSuchFileException e) {
                err.println("jrec: " + e.getReason());
                return ExitCodes.BAD_INPUT;
            } catch (IOException e) {
                err.println("jrec: no recorder runs in " + folder.dir() + ", and its ring could not be dumped: " + e.getMessage());
                return e.getMessage() != null && e.getMessage().contains("holds no") ? ExitCodes.BAD_INPUT : ExitCodes.OUTPUT;
            }
            err.println("jrec: no recorder runs in " + folder.dir() + ": dumped the ring it left");
            return written(spec, d.path().toString(), d.bytes(), d.firstTs(), d.lastTs());
        }
        if (!answer[0].equals("ok")) {
            err.println("jrec: the recorder could not dump: " + (answer.length > 1 ? answer[1] : "no reason given"));
            return ExitCodes.OUTPUT;
        }
        return written(spec, answer);
    }

    /** The recorder's {@code ok PATH BYTES FIRST_TS LAST_TS} answer ({@link ControlSocket}), said as {@link #written}. */
    static int written(CommandSpec spec, String[] answer) {
        return written(spec, answer[1], Long.parseLong(answer[2]), Long.parseLong(answer[3]), Long.parseLong(answer[4]));
    }

    /** A dump written: what it holds on stderr, its path on stdout (for scripts). */
    static int written(CommandSpec spec, String path, long bytes, long firstTs, long lastTs) {
        spec.commandLine().getErr().printf(Locale.ROOT, "jrec: wrote %s (%s, %.1f s of events)%n", path, Units.bytes(bytes), (lastTs - firstTs) / 1e9);
        spec.commandLine().getOut().println(path);
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
