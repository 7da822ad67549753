package dev.jrec.cli;

import dev.jrec.formats.write.CapturePaths;
import dev.jrec.formats.write.Recovery;
import dev.jrec.recorder.SpoolSalvage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "recover",
        description = {"Finish a capture whose recorder was killed (SIGKILL, OOM, power loss).",
            "A recording keeps closed segments in CAPTURE.parts/ (one about every",
            "second) and joins them at the end. This joins the closed ones into CAPTURE,",
            "then encodes what the recorder's spool holds after them: events it had read",
            "from the kernel but not yet written. A kill while the encoder ran behind",
            "loses none of them; with the encoder keeping up, what it had taken into the",
            "segment it was writing can be lost (up to about a second).",
            "Rows from the spool have no stacks, and their threads no thread rows.",
            "It finishes in one run from any point a recorder (or an earlier recover)",
            "was killed at. A recording still running is left alone (exit 3: 'being",
            "recorded by pid N'). If the recorder died before its first segment closed,",
            "the capture is made from its spool alone; if that held no events either,",
            "there is nothing to recover: the parts folder is removed (exit 3), so that",
            "'jrec record -o CAPTURE' can run again.",
            "Given a ring recording's folder (record --ring --dir DIR), it saves the ring",
            "its killed recorder left as a dump in DIR/dumps and removes it."},
        mixinStandardHelpOptions = true,
        footer = ExitCodes.HELP_FOOTER)
final class RecoverCommand implements Callable<Integer> {
    @Parameters(paramLabel = "CAPTURE", description = "the output path the recording was given (-o), or a ring recording's --dir")
    Path capture;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (RingDir.isRingDir(capture)) return recoverRing(new RingDir(capture));
        Recovery.Salvage spool = new SpoolSalvage();
        Recovery.Result r = Recovery.recover(capture, (parts, afterTs, footer, out) -> {
            long bytes = sizeOf(parts.resolve(CapturePaths.SPOOL)) + sizeOf(parts.resolve(CapturePaths.SPOOL_MEMORY));
            if (bytes >= LONG_SALVAGE_BYTES) { // about a second of work per 100 MiB: say what the wait is for
                spec.commandLine().getErr().printf("jrec: encoding what the recorder's spool holds (%s)...%n", Units.bytes(bytes));
            }
            return spool.salvage(parts, afterTs, footer, out);
        });
        if (r.cleanedUp()) {
            spec.commandLine().getOut().printf("%s was complete (%s rows from %d segments, %s): its recorder was killed while removing "
                    + "its segments; removed the rest%n", r.capture(), Units.count(r.rows()), r.segments(), Units.bytes(r.bytes()));
            return ExitCodes.OK;
        }
        spec.commandLine().getOut().printf("recovered %s: %s rows from %s (%s)%s%n", r.capture(),
                Units.count(r.rows()), r.segments() == 0 ? "the recorder's spool (it was killed before its first segment closed)"
                        : r.segments() + " segments", Units.bytes(r.bytes()),
                r.lostSegments() == 0 ? "" : r.salvaged().rows() > 0
                        ? "; " + r.lostSegments() + " unfinished segment, whose rows came back from the spool as far as it still held them"
                        : "; " + r.lostSegments() + " unfinished segment lost");
        if (r.salvaged().rows() > 0 && r.segments() > 0) {
            spec.commandLine().getOut().printf("  %s rows of them were encoded from the recorder's spool: events after its last closed segment"
                    + " (without stacks or thread rows: those died with the recorder)%n", Units.count(r.salvaged().rows()));
        }
        if (r.salvaged().note() != null) {
            spec.commandLine().getErr().printf("jrec: warning: %s%s%n", r.salvaged().note(),
                    r.spoolBytes() > 0 ? " (its spill file held " + Units.bytes(r.spoolBytes()) + ")" : "");
        }
        return ExitCodes.OK;
    }

    private int recoverRing(RingDir folder) throws Exception {
        java.nio.channels.FileLock lock = folder.lock();
        if (lock == null) {
            spec.commandLine().getErr().println("jrec: " + folder.dir() + " is being recorded (a recorder holds it): use 'jrec dump --dir " + folder.dir() + "'");
            return ExitCodes.BAD_INPUT;
        }
        try (var channel = lock.channel()) {
            var d = folder.dumpLeft(0, null, "recovered");
            dev.jrec.formats.write.Ring.delete(folder.parts());
            spec.commandLine().getOut().printf(java.util.Locale.ROOT, "recovered the ring in %s as %s (%s, %.1f s of events)%n", folder.dir(), d.path(),
                    Units.bytes(d.bytes()), (d.lastTs() - d.firstTs()) / 1e9);
            return ExitCodes.OK;
        }
    }

    private static final long LONG_SALVAGE_BYTES = 64L << 20;

    private static long sizeOf(Path p) {
        try {
            return java.nio.file.Files.size(p);
        } catch (java.io.IOException e) {
            return 0; // not there: nothing to encode
        }
    }
}
