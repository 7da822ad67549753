package dev.jrec.cli;

import dev.jrec.recorder.Recorder;
import java.io.PrintWriter;
import java.util.Locale;

/** The live one-line status on stderr, redrawn in place; only on a terminal, so logs stay clean. */
class ProgressLine implements Recorder.Progress {
    private final PrintWriter err;
    private final boolean tty;
    private long lastEvents;
    private long lastNs;
    private boolean drawn;
    private long behind;

    ProgressLine(PrintWriter err, boolean tty) {
        this.err = err;
        this.tty = tty;
    }

    @Override
    public void update(long elapsedNs, long events, long drops, long bytes) {
        double dt = (elapsedNs - lastNs) / 1e9;
        long rate = dt > 0 ? (long) ((events - lastEvents) / dt) : 0;
        lastEvents = events;
        lastNs = elapsedNs;
        if (!tty) return;
        long s = elapsedNs / 1_000_000_000L;
        err.printf(Locale.ROOT, "\r%02d:%02d  %,d events  %,d/s  drops %,d  %s written%s   ", s / 60, s % 60, events, rate, drops,
                Summary.bytes(bytes), behind > 0 ? "  spool " + Units.bytes(behind) + " behind" : "");
        err.flush();
        drawn = true;
    }

    /** Shown on the next update: the encoder runs behind the recording (its backlog waits in the spool). */
    @Override
    public void behind(long spoolBytes) {
        behind = spoolBytes;
    }

    /** Said on every stderr, terminal or log: the wait that follows a stop is the encoding of this. */
    @Override
    public void catchingUp(long spoolBytes) {
        end();
        drawn = false;
        err.printf(Locale.ROOT, "jrec: encoding the %s the spool still holds (the encoder ran behind the recording)...%n", Units.bytes(spoolBytes));
        err.flush();
    }

    void end() {
        if (drawn) err.println();
        err.flush();
    }
}
