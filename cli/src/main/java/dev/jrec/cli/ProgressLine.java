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
        err.printf(Locale.ROOT, "\r%02d:%02d  %,d events  %,d/s  drops %,d  %s written   ", s / 60, s % 60, events, rate, drops, Summary.bytes(bytes));
        err.flush();
        drawn = true;
    }

    void end() {
        if (drawn) err.println();
        err.flush();
    }
}
