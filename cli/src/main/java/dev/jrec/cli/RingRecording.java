package dev.jrec.cli;

import dev.jrec.recorder.RecordConfig;
import dev.jrec.recorder.Recorder;
import dev.jrec.recorder.ring.RingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileLock;
import java.util.Locale;
import picocli.CommandLine;

/**
 * What record --ring holds for as long as it records: its folder's lock, the control socket jrec dump and jrec
 * trigger talk to, and SIGUSR2 (a dump of the whole ring, as jrec dump --dir DIR does).
 */
final class RingRecording implements AutoCloseable {
    private final RingDir folder;
    private final RingOptions options;
    private final FileLock lock;
    private final ControlSocket socket;

    private RingRecording(RingDir folder, RingOptions options, FileLock lock, ControlSocket socket) {
        this.folder = folder;
        this.options = options;
        this.lock = lock;
        this.socket = socket;
    }

    /** Sets the recorder up for a ring in the folder; null (said on stderr) when another recorder holds it. */
    static RingRecording start(RingMode mode, RecordConfig config, Recorder recorder, CommandLine cl) throws IOException {
        PrintWriter err = cl.getErr();
        RingOptions options;
        try {
            options = mode.options(config, err);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        RingDir folder = mode.folder();
        FileLock lock = folder.lock();
        if (lock == null) {
            err.println("jrec: another recorder records in " + folder.dir() + ": stop it, or give this one another --dir");
            return null;
        }
        String previous = folder.takeOverPrevious();
        if (previous != null) err.println("jrec: " + previous);
        recorder.ring(options);
        ControlSocket socket = ControlSocket.serve(folder.socket(), recorder);
        sun.misc.Signal.handle(new sun.misc.Signal("USR2"), sig -> recorder.dump(0, null));
        return new RingRecording(folder, options, lock, socket);
    }

    /** The line that says the recording runs, where, and how to get a capture out of it. */
    String announce(String sources, String until) {
        long age = options.limits().ageNs();
        String keep = age % 60_000_000_000L == 0 ? age / 60_000_000_000L + " min" : age / 1_000_000_000L + " s";
        return String.format(Locale.ROOT, "jrec: recording %s%s into a ring of the last %s (at most %s) in %s; %s%s; dumps go to %s",
                sources, until, keep, Units.bytes(options.limits().maxBytes()), folder.parts(),
                options.triggers().isEmpty() ? "no triggers" : options.triggers().size() + " trigger(s)",
                ", 'jrec dump --dir " + folder.dir() + "' or SIGUSR2 dumps it", folder.dumps());
    }

    @Override
    public void close() throws IOException {
        socket.close();
        lock.release();
        lock.channel().close();
    }
}
